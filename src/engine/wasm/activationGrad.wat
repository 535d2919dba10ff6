;; The gradients of leaky ReLU and ReLU as one pass each over tfjs-backend-wasm's own heap (the
;; memory is imported), 4 lanes at a time, then one by one. tfjs 4.22 runs each as three
;; kernels (Greater, Multiply, Select; Step, Cast, Multiply); these are the same float32 ops per
;; element, so the results are equal to the bit (test/engine/wasm/activationGrad.test.ts).
;; Built by scripts/build-adam-wasm.mjs (wabt's wat2wasm) into activationGradBinary.ts.
(module
  (import "env" "memory" (memory 1))

  ;; out = x > 0 ? dy : dy * alpha (a NaN x takes dy * alpha, as Greater's false does).
  (func (export "leakyReluGrad")
    (param $dy i32) (param $x i32) (param $out i32) (param $n i32) (param $alpha f32)
    (local $i i32) (local $end4 i32) (local $off i32) (local $g v128) (local $a v128) (local $gs f32)
    (local.set $a (f32x4.splat (local.get $alpha)))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4 (loop $lanes
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $g (v128.load (i32.add (local.get $dy) (local.get $off))))
      (v128.store (i32.add (local.get $out) (local.get $off))
        (v128.bitselect (local.get $g) (f32x4.mul (local.get $g) (local.get $a))
          (f32x4.gt (v128.load (i32.add (local.get $x) (local.get $off))) (f32x4.splat (f32.const 0)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $lanes)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $dy) (local.get $off))))
      (f32.store (i32.add (local.get $out) (local.get $off))
        (select (local.get $gs) (f32.mul (local.get $gs) (local.get $alpha))
          (f32.gt (f32.load (i32.add (local.get $x) (local.get $off))) (f32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; out = dy * step(x), step(x) = 1 above 0, NaN for NaN, else 0 (so dy * 0 keeps its sign and
  ;; an infinite dy gives NaN, as Multiply does).
  (func (export "reluGrad")
    (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $i i32) (local $end4 i32) (local $off i32) (local $xv v128) (local $xs f32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4 (loop $lanes
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $xv (v128.load (i32.add (local.get $x) (local.get $off))))
      (v128.store (i32.add (local.get $out) (local.get $off))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $off)))
          (v128.bitselect (local.get $xv)
            (v128.bitselect (f32x4.splat (f32.const 1)) (f32x4.splat (f32.const 0))
              (f32x4.gt (local.get $xv) (f32x4.splat (f32.const 0))))
            (f32x4.ne (local.get $xv) (local.get $xv)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $lanes)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $xs (f32.load (i32.add (local.get $x) (local.get $off))))
      (f32.store (i32.add (local.get $out) (local.get $off))
        (f32.mul (f32.load (i32.add (local.get $dy) (local.get $off)))
          (select (local.get $xs)
            (select (f32.const 1) (f32.const 0) (f32.gt (local.get $xs) (f32.const 0)))
            (f32.ne (local.get $xs) (local.get $xs)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))
)
