;; Adam's update of one variable, in one pass over tfjs-backend-wasm's own heap (the memory is
;; imported). The same float32 ops in the same order as tfjs 4.22's AdamOptimizer, 4 lanes at a
;; time, then one by one: wasm's f32 add, mul, div and sqrt are IEEE's, as XNNPACK's kernels
;; are, so the result equals tfjs's op chain to the bit (test/engine/wasm/fusedAdam.test.ts).
;; Built by scripts/build-adam-wasm.mjs (wabt's wat2wasm) into adamUpdateBinary.ts.
(module
  (import "env" "memory" (memory 1))
  ;; Byte offsets: value, m, v, grad in; newValue, newM, newV out; n elements.
  (func (export "adam")
    (param $value i32) (param $m i32) (param $v i32) (param $g i32)
    (param $oValue i32) (param $oM i32) (param $oV i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $d1 f32) (param $d2 f32) (param $eps f32) (param $negLr f32)
    (local $i i32) (local $end4 i32) (local $off i32)
    (local $gv v128) (local $nm v128) (local $nv v128)
    (local $gs f32) (local $nms f32) (local $nvs f32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4
      (loop $lanes
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $off (i32.shl (local.get $i) (i32.const 2)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
        ;; m * beta1 + g * (1 - beta1)
        (local.set $nm (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $off))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $gv) (f32x4.splat (local.get $c1)))))
        ;; v * beta2 + square(g) * (1 - beta2)
        (local.set $nv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $off))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c2)))))
        (v128.store (i32.add (local.get $oM) (local.get $off)) (local.get $nm))
        (v128.store (i32.add (local.get $oV) (local.get $off)) (local.get $nv))
        ;; (m_hat / (sqrt(v_hat) + eps)) * -lr + value
        (v128.store (i32.add (local.get $oValue) (local.get $off))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $nm) (f32x4.splat (local.get $d1)))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $nv) (f32x4.splat (local.get $d2)))) (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $negLr)))
            (v128.load (i32.add (local.get $value) (local.get $off)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $lanes)))
    (block $done
      (loop $rest
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $off (i32.shl (local.get $i) (i32.const 2)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
        (local.set $nms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $off))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $nvs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $off))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $oM) (local.get $off)) (local.get $nms))
        (f32.store (i32.add (local.get $oV) (local.get $off)) (local.get $nvs))
        (f32.store (i32.add (local.get $oValue) (local.get $off))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $nms) (local.get $d1))
                (f32.add (f32.sqrt (f32.div (local.get $nvs) (local.get $d2))) (local.get $eps)))
              (local.get $negLr))
            (f32.load (i32.add (local.get $value) (local.get $off)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest))))
)
