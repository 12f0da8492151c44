;; SIMD kernels of @descent/augment (source of kernels-module.ts: `npm run build:wasm`
;; in packages/augment). They work on this module's memory; addresses are byte
;; offsets. Every region the engine hands out has 64 spare bytes after it, so loads and
;; stores below may run past the last value.
;;
;; Arithmetic is float32 in a fixed order with no fused multiply-add, so the portable
;; kernels (portableKernels in engine/kernels.ts) reproduce every result bit for bit:
;;   row pass     h[x] = b0[x]·P + b1[x]·Q               (P, Q: the pixels at the two column taps)
;;   column pass  v = a0·h0 + a1·h1, then + fill·(1 − cover·colCover[x]) when fill ≠ 0
;;   affine       x·scale + shift
;; Bytes are stored rounded half to even and saturated to 0..255: clamped to [0, 255], then
;; 2^23 is added (the float addition rounds half to even) and the low byte of each lane kept.
(module
  (memory (export "memory") 1)

  ;; One source row of bytes through the column taps: for x < outW, 4 lanes (≤ 4 channels)
  ;; of b0·P + b1·Q stored at tmp + x·stride·4 (stride = channels; column offsets in bytes).
  (func (export "rowU8")
    (param $row i32) (param $co0 i32) (param $co1 i32) (param $cw0 i32) (param $cw1 i32) (param $outW i32) (param $stride i32) (param $tmp i32)
    (local $k i32) (local $end i32) (local $step i32) (local $p v128) (local $q v128)
    (local.set $end (i32.shl (local.get $outW) (i32.const 2)))
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $p (v128.load32_zero (i32.add (local.get $row) (i32.load (i32.add (local.get $co0) (local.get $k))))))
        (local.set $q (v128.load32_zero (i32.add (local.get $row) (i32.load (i32.add (local.get $co1) (local.get $k))))))
        (local.set $p (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (local.get $p)))))
        (local.set $q (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (local.get $q)))))
        (v128.store (local.get $tmp) (f32x4.add
          (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $cw0) (local.get $k)))) (local.get $p))
          (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $cw1) (local.get $k)))) (local.get $q))))
        (local.set $tmp (i32.add (local.get $tmp) (local.get $step)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $next))))

  ;; The same for a row of floats.
  (func (export "rowF32")
    (param $row i32) (param $co0 i32) (param $co1 i32) (param $cw0 i32) (param $cw1 i32) (param $outW i32) (param $stride i32) (param $tmp i32)
    (local $k i32) (local $end i32) (local $step i32) (local $p v128) (local $q v128)
    (local.set $end (i32.shl (local.get $outW) (i32.const 2)))
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $p (v128.load (i32.add (local.get $row) (i32.load (i32.add (local.get $co0) (local.get $k))))))
        (local.set $q (v128.load (i32.add (local.get $row) (i32.load (i32.add (local.get $co1) (local.get $k))))))
        (v128.store (local.get $tmp) (f32x4.add
          (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $cw0) (local.get $k)))) (local.get $p))
          (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $cw1) (local.get $k)))) (local.get $q))))
        (local.set $tmp (i32.add (local.get $tmp) (local.get $step)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $next))))

  ;; One output row of n bytes from two row-pass results (floats at h0 and h1):
  ;; v = a0·h0 + a1·h1, plus fill·(1 − (a0 + a1)·cc[j]) when fill ≠ 0; 16 values per step.
  (func (export "columnU8")
    (param $h0 i32) (param $h1 i32) (param $w0 f32) (param $w1 f32) (param $n i32) (param $fill f32) (param $cc i32) (param $dst i32)
    (local $k i32) (local $end i32) (local $a0 v128) (local $a1 v128) (local $f v128) (local $cover v128) (local $one v128)
    (local $w v128) (local $x v128) (local $y v128) (local $z v128) (local $top v128) (local $magic v128)
    (local.set $a0 (f32x4.splat (local.get $w0)))
    (local.set $a1 (f32x4.splat (local.get $w1)))
    (local.set $f (f32x4.splat (local.get $fill)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $cover (f32x4.splat (f32.add (local.get $w0) (local.get $w1))))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $top (f32x4.splat (f32.const 255)))
    (local.set $magic (f32x4.splat (f32.const 8388608)))
    (if (f32.ne (local.get $fill) (f32.const 0))
      (then
    (block $filled
      (loop $filledNext
        (br_if $filled (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $w (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=0 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=0 (i32.add (local.get $h1) (local.get $k)))))
            (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (f32x4.mul (local.get $cover) (v128.load offset=0 (i32.add (local.get $cc) (local.get $k))))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $x (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=16 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=16 (i32.add (local.get $h1) (local.get $k)))))
            (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (f32x4.mul (local.get $cover) (v128.load offset=16 (i32.add (local.get $cc) (local.get $k))))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $y (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=32 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=32 (i32.add (local.get $h1) (local.get $k)))))
            (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (f32x4.mul (local.get $cover) (v128.load offset=32 (i32.add (local.get $cc) (local.get $k))))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $z (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=48 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=48 (i32.add (local.get $h1) (local.get $k)))))
            (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (f32x4.mul (local.get $cover) (v128.load offset=48 (i32.add (local.get $cc) (local.get $k))))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $w) (local.get $x))
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $y) (local.get $z))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 64)))
        (br $filledNext)))
        (return)))
    (block $plain
      (loop $plainNext
        (br_if $plain (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $w (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=0 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=0 (i32.add (local.get $h1) (local.get $k))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $x (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=16 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=16 (i32.add (local.get $h1) (local.get $k))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $y (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=32 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=32 (i32.add (local.get $h1) (local.get $k))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $z (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=48 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=48 (i32.add (local.get $h1) (local.get $k))))) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $w) (local.get $x))
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $y) (local.get $z))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 64)))
        (br $plainNext))))

  ;; One output row of n floats, as columnU8 computes them; 4 per step.
  (func (export "columnF32")
    (param $h0 i32) (param $h1 i32) (param $w0 f32) (param $w1 f32) (param $n i32) (param $fill f32) (param $cc i32) (param $dst i32)
    (local $k i32) (local $end i32) (local $a0 v128) (local $a1 v128) (local $f v128) (local $cover v128) (local $one v128)
    (local.set $a0 (f32x4.splat (local.get $w0)))
    (local.set $a1 (f32x4.splat (local.get $w1)))
    (local.set $f (f32x4.splat (local.get $fill)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $cover (f32x4.splat (f32.add (local.get $w0) (local.get $w1))))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (if (f32.ne (local.get $fill) (f32.const 0))
      (then
    (block $filled
      (loop $filledNext
        (br_if $filled (i32.ge_u (local.get $k) (local.get $end)))
        (v128.store (i32.add (local.get $dst) (local.get $k)) (f32x4.add (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=0 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=0 (i32.add (local.get $h1) (local.get $k)))))
            (f32x4.mul (local.get $f) (f32x4.sub (local.get $one) (f32x4.mul (local.get $cover) (v128.load offset=0 (i32.add (local.get $cc) (local.get $k))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $filledNext)))
        (return)))
    (block $plain
      (loop $plainNext
        (br_if $plain (i32.ge_u (local.get $k) (local.get $end)))
        (v128.store (i32.add (local.get $dst) (local.get $k)) (f32x4.add (f32x4.mul (local.get $a0) (v128.load offset=0 (i32.add (local.get $h0) (local.get $k)))) (f32x4.mul (local.get $a1) (v128.load offset=0 (i32.add (local.get $h1) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $plainNext))))

  ;; x ← x·scale + shift on n bytes in place (brightness: shift 0; contrast). 16 per step.
  (func (export "affineU8") (param $p i32) (param $n i32) (param $scale f32) (param $shift f32)
    (local $end i32) (local $v v128) (local $lo v128) (local $hi v128) (local $s v128) (local $t v128)
    (local $w v128) (local $x v128) (local $y v128) (local $z v128) (local $top v128) (local $magic v128)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $t (f32x4.splat (local.get $shift)))
    (local.set $top (f32x4.splat (f32.const 255)))
    (local.set $magic (f32x4.splat (f32.const 8388608)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
        (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
        (local.set $w (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (local.get $lo))) (local.get $s)) (local.get $t)) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $x (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_u (local.get $lo))) (local.get $s)) (local.get $t)) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $y (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (local.get $hi))) (local.get $s)) (local.get $t)) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (local.set $z (f32x4.add (f32x4.pmin (f32x4.pmax (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_u (local.get $hi))) (local.get $s)) (local.get $t)) (v128.const i32x4 0 0 0 0)) (local.get $top)) (local.get $magic)))
        (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $w) (local.get $x))
          (i8x16.shuffle 0 4 8 12 16 20 24 28 0 0 0 0 0 0 0 0 (local.get $y) (local.get $z))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $step))))

  ;; x ← min(max(x·scale + shift, 0), hi) on n floats in place. 4 per step.
  (func (export "affineF32") (param $p i32) (param $n i32) (param $scale f32) (param $shift f32) (param $hi f32)
    (local $end i32) (local $s v128) (local $t v128) (local $h v128) (local $zero v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $t (f32x4.splat (local.get $shift)))
    (local.set $h (f32x4.splat (local.get $hi)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (local.get $p)
          (f32x4.pmax (local.get $zero) (f32x4.pmin (local.get $h)
            (f32x4.add (f32x4.mul (v128.load (local.get $p)) (local.get $s)) (local.get $t)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $step))))

  ;; Per-channel sums of n pixels of `channels` (1 to 4) interleaved bytes, exact, as f64 at out + 8·c.
  (func (export "channelSumsU8") (param $p i32) (param $n i32) (param $channels i32) (param $out i32)
    (local $end i32) (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64)
    (local.set $end (i32.add (local.get $p) (i32.mul (local.get $n) (local.get $channels))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s0 (i64.add (local.get $s0) (i64.load8_u (local.get $p))))
        (local.set $s1 (i64.add (local.get $s1) (i64.load8_u offset=1 (local.get $p))))
        (local.set $s2 (i64.add (local.get $s2) (i64.load8_u offset=2 (local.get $p))))
        (local.set $s3 (i64.add (local.get $s3) (i64.load8_u offset=3 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $channels)))
        (br $step)))
    (f64.store (local.get $out) (f64.convert_i64_u (local.get $s0)))
    (f64.store offset=8 (local.get $out) (f64.convert_i64_u (local.get $s1)))
    (f64.store offset=16 (local.get $out) (f64.convert_i64_u (local.get $s2)))
    (f64.store offset=24 (local.get $out) (f64.convert_i64_u (local.get $s3))))

  ;; Per-channel sums of n pixels of `channels` (1 to 4) interleaved floats, accumulated in
  ;; f64 in pixel order (as the portable kernel does), at out + 8·c.
  (func (export "channelSumsF32") (param $p i32) (param $n i32) (param $channels i32) (param $out i32)
    (local $end i32) (local $step i32) (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $step (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $end (i32.add (local.get $p) (i32.mul (local.get $n) (local.get $step))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s0 (f64.add (local.get $s0) (f64.promote_f32 (f32.load (local.get $p)))))
        (local.set $s1 (f64.add (local.get $s1) (f64.promote_f32 (f32.load offset=4 (local.get $p)))))
        (local.set $s2 (f64.add (local.get $s2) (f64.promote_f32 (f32.load offset=8 (local.get $p)))))
        (local.set $s3 (f64.add (local.get $s3) (f64.promote_f32 (f32.load offset=12 (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (local.get $step)))
        (br $next)))
    (f64.store (local.get $out) (local.get $s0))
    (f64.store offset=8 (local.get $out) (local.get $s1))
    (f64.store offset=16 (local.get $out) (local.get $s2))
    (f64.store offset=24 (local.get $out) (local.get $s3)))

  ;; 1 when one of n floats at p is NaN or infinite (x − x ≠ 0), else 0. 4 per step: the
  ;; caller zeroes the 3 floats after the last.
  (func (export "anyNonFiniteF32") (param $p i32) (param $n i32) (result i32)
    (local $end i32) (local $v v128) (local $bad v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $bad (v128.or (local.get $bad) (f32x4.ne (f32x4.sub (local.get $v) (local.get $v)) (v128.const i32x4 0 0 0 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (v128.any_true (local.get $bad)))
)
