;; Batch norm's training statistics and backward pass over channel-last data ([rows, c], c a
;; multiple of 4), on tfjs-backend-wasm's own heap (the memory is imported), 4 channels at a
;; time. tfjs runs each as a chain of kernels, its reductions over the leading axes behind a
;; transpose; here each is two passes over the rows. Sums run row by row in float32.
;; Built by scripts/build-adam-wasm.mjs (wabt's wat2wasm) into batchNormBinary.ts.
(module
  (import "env" "memory" (memory 1))

  ;; mean[j] = sum_r x[r, j] / rows; variance[j] = sum_r (x[r, j] - mean[j])^2 / rows (biased).
  (func (export "moments")
    (param $x i32) (param $rows i32) (param $c i32) (param $mean i32) (param $var i32)
    (local $stride i32) (local $end i32) (local $row i32) (local $o i32) (local $n v128) (local $d v128)
    (local.set $stride (i32.shl (local.get $c) (i32.const 2)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $stride))))
    (local.set $n (f32x4.splat (f32.convert_i32_u (local.get $rows))))
    (local.set $o (i32.const 0))
    (block $z (loop $zl
      (br_if $z (i32.ge_u (local.get $o) (local.get $stride)))
      (v128.store (i32.add (local.get $mean) (local.get $o)) (v128.const i32x4 0 0 0 0))
      (v128.store (i32.add (local.get $var) (local.get $o)) (v128.const i32x4 0 0 0 0))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $zl)))
    (local.set $row (local.get $x))
    (block $s (loop $sl
      (br_if $s (i32.ge_u (local.get $row) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $sc (loop $scl
        (br_if $sc (i32.ge_u (local.get $o) (local.get $stride)))
        (v128.store (i32.add (local.get $mean) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $mean) (local.get $o))) (v128.load (i32.add (local.get $row) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $scl)))
      (local.set $row (i32.add (local.get $row) (local.get $stride)))
      (br $sl)))
    (local.set $o (i32.const 0))
    (block $m (loop $ml
      (br_if $m (i32.ge_u (local.get $o) (local.get $stride)))
      (v128.store (i32.add (local.get $mean) (local.get $o)) (f32x4.div (v128.load (i32.add (local.get $mean) (local.get $o))) (local.get $n)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $ml)))
    (local.set $row (local.get $x))
    (block $v (loop $vl
      (br_if $v (i32.ge_u (local.get $row) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $vc (loop $vcl
        (br_if $vc (i32.ge_u (local.get $o) (local.get $stride)))
        (local.set $d (f32x4.sub (v128.load (i32.add (local.get $row) (local.get $o))) (v128.load (i32.add (local.get $mean) (local.get $o)))))
        (v128.store (i32.add (local.get $var) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $var) (local.get $o))) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vcl)))
      (local.set $row (i32.add (local.get $row) (local.get $stride)))
      (br $vl)))
    (local.set $o (i32.const 0))
    (block $w (loop $wl
      (br_if $w (i32.ge_u (local.get $o) (local.get $stride)))
      (v128.store (i32.add (local.get $var) (local.get $o)) (f32x4.div (v128.load (i32.add (local.get $var) (local.get $o))) (local.get $n)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $wl))))

  ;; With invStd = 1 / sqrt(var + eps) and xHat = (x - mean) * invStd:
  ;; dbeta = sum_r dy; dgamma = sum_r dy * xHat;
  ;; dx = ((dy - dbeta / rows) - xHat * (dgamma / rows)) * (gamma * invStd).
  ;; scratch: 4 * c floats (invStd, gamma * invStd, dgamma / rows, dbeta / rows).
  (func (export "grad")
    (param $dy i32) (param $x i32) (param $gamma i32) (param $mean i32) (param $var i32) (param $eps f32)
    (param $rows i32) (param $c i32) (param $dx i32) (param $dgamma i32) (param $dbeta i32) (param $scratch i32)
    (local $stride i32) (local $off i32) (local $o i32) (local $n v128) (local $g v128) (local $h v128)
    (local $inv i32) (local $scale i32) (local $gm i32) (local $bm i32)
    (local.set $stride (i32.shl (local.get $c) (i32.const 2)))
    (local.set $inv (local.get $scratch))
    (local.set $scale (i32.add (local.get $inv) (local.get $stride)))
    (local.set $gm (i32.add (local.get $scale) (local.get $stride)))
    (local.set $bm (i32.add (local.get $gm) (local.get $stride)))
    (local.set $n (f32x4.splat (f32.convert_i32_u (local.get $rows))))
    (local.set $o (i32.const 0))
    (block $z (loop $zl
      (br_if $z (i32.ge_u (local.get $o) (local.get $stride)))
      (v128.store (i32.add (local.get $inv) (local.get $o))
        (f32x4.div (f32x4.splat (f32.const 1))
          (f32x4.sqrt (f32x4.add (v128.load (i32.add (local.get $var) (local.get $o))) (f32x4.splat (local.get $eps))))))
      (v128.store (i32.add (local.get $dgamma) (local.get $o)) (v128.const i32x4 0 0 0 0))
      (v128.store (i32.add (local.get $dbeta) (local.get $o)) (v128.const i32x4 0 0 0 0))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $zl)))
    (local.set $off (i32.const 0))
    (block $s (loop $sl
      (br_if $s (i32.ge_u (local.get $off) (i32.mul (local.get $rows) (local.get $stride))))
      (local.set $o (i32.const 0))
      (block $sc (loop $scl
        (br_if $sc (i32.ge_u (local.get $o) (local.get $stride)))
        (local.set $g (v128.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $o)))))
        (local.set $h (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $o)))) (v128.load (i32.add (local.get $mean) (local.get $o))))
          (v128.load (i32.add (local.get $inv) (local.get $o)))))
        (v128.store (i32.add (local.get $dbeta) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $dbeta) (local.get $o))) (local.get $g)))
        (v128.store (i32.add (local.get $dgamma) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $dgamma) (local.get $o))) (f32x4.mul (local.get $g) (local.get $h))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $scl)))
      (local.set $off (i32.add (local.get $off) (local.get $stride)))
      (br $sl)))
    (local.set $o (i32.const 0))
    (block $k (loop $kl
      (br_if $k (i32.ge_u (local.get $o) (local.get $stride)))
      (v128.store (i32.add (local.get $scale) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $gamma) (local.get $o))) (v128.load (i32.add (local.get $inv) (local.get $o)))))
      (v128.store (i32.add (local.get $gm) (local.get $o)) (f32x4.div (v128.load (i32.add (local.get $dgamma) (local.get $o))) (local.get $n)))
      (v128.store (i32.add (local.get $bm) (local.get $o)) (f32x4.div (v128.load (i32.add (local.get $dbeta) (local.get $o))) (local.get $n)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $kl)))
    (local.set $off (i32.const 0))
    (block $d (loop $dl
      (br_if $d (i32.ge_u (local.get $off) (i32.mul (local.get $rows) (local.get $stride))))
      (local.set $o (i32.const 0))
      (block $dc (loop $dcl
        (br_if $dc (i32.ge_u (local.get $o) (local.get $stride)))
        (local.set $h (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $off) (local.get $o)))) (v128.load (i32.add (local.get $mean) (local.get $o))))
          (v128.load (i32.add (local.get $inv) (local.get $o)))))
        (v128.store (i32.add (local.get $dx) (i32.add (local.get $off) (local.get $o)))
          (f32x4.mul
            (f32x4.sub
              (f32x4.sub (v128.load (i32.add (local.get $dy) (i32.add (local.get $off) (local.get $o)))) (v128.load (i32.add (local.get $bm) (local.get $o))))
              (f32x4.mul (local.get $h) (v128.load (i32.add (local.get $gm) (local.get $o)))))
            (v128.load (i32.add (local.get $scale) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $dcl)))
      (local.set $off (i32.add (local.get $off) (local.get $stride)))
      (br $dl))))
)
