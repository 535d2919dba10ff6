;; A strided copy of rows of bytes on tfjs-backend-wasm's own heap (the memory is imported): what
;; Concat and SplitV are along any axis, seen as [rows, bytes a row]. tfjs 4.22's wasm Concat
;; copies each row from JS (a subarray and a set per row and input: ~150 us for one of pix2pix
;; 32's skip joins) and its SplitV slices each part element by element; here 16 bytes at a time.
;; Built by scripts/build-adam-wasm.mjs (wabt's wat2wasm) into copyRowsBinary.ts.
(module
  (import "env" "memory" (memory 1))

  ;; For r < rows: dst[r * dstStride, + width) = src[r * srcStride, + width), byte offsets.
  (func (export "copyRows")
    (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $i i32) (local $end16 i32) (local $s i32) (local $d i32)
    (local.set $end16 (i32.and (local.get $width) (i32.const -16)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcStride))))
      (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $dstStride))))
      (local.set $i (i32.const 0))
      (block $done16 (loop $lanes
        (br_if $done16 (i32.ge_u (local.get $i) (local.get $end16)))
        (v128.store (i32.add (local.get $d) (local.get $i)) (v128.load (i32.add (local.get $s) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $lanes)))
      (block $doneTail (loop $tail
        (br_if $doneTail (i32.ge_u (local.get $i) (local.get $width)))
        (i32.store8 (i32.add (local.get $d) (local.get $i)) (i32.load8_u (i32.add (local.get $s) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))
)
