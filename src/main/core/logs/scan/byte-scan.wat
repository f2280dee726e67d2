;; The byte scans of the display log that JavaScript does one byte at a time, 16 bytes at a time
;; (WebAssembly SIMD). Assembled into byte-scan-wasm.ts by `npm run wasm` (scripts/assemble-wasm.mjs);
;; a unit test checks that the two agree. Every load may read up to 15 bytes past the range it was
;; given (masked off): the caller keeps 16 bytes of memory after every range.
(module
  (memory (export "memory") 1)

  ;; What measure_segment found in the segment it measured.
  (global $chars (mut i32) (i32.const 0))        ;; columns: UTF-16 units, as the emulation counts them
  (global $high (mut i32) (i32.const 0))         ;; a byte >= 0x80
  (global $first_bracket (mut i32) (i32.const -1))
  (global $chars_to_bracket (mut i32) (i32.const 0))
  (global $ascii_text (mut i32) (i32.const 0))   ;; a printable ASCII byte other than space

  ;; Bits [0, n) set, n in 0..16.
  (func $low_bits (param $n i32) (result i32)
    (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1)))

  ;; How many bytes equal to $byte in [$p, $p + $n).
  (func $count (export "count") (param $p i32) (param $n i32) (param $byte i32) (result i32)
    (local $end i32) (local $stop i32) (local $total i32) (local $pattern v128) (local $sums v128)
    (local.set $pattern (i8x16.splat (local.get $byte)))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    ;; Blocks of at most 255 x 16 bytes, counted in the 16 byte lanes of $sums (each lane < 256).
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 64)))
        (local.set $stop
          (i32.add (local.get $p)
            (i32.and
              (select (i32.const 4032) (i32.sub (local.get $end) (local.get $p))
                (i32.gt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 4032)))
              (i32.const -64))))
        (local.set $sums (v128.const i64x2 0 0))
        (loop $lanes
          (local.set $sums (i8x16.sub (local.get $sums)
            (i8x16.eq (v128.load align=1 (local.get $p)) (local.get $pattern))))
          (local.set $sums (i8x16.sub (local.get $sums)
            (i8x16.eq (v128.load offset=16 align=1 (local.get $p)) (local.get $pattern))))
          (local.set $sums (i8x16.sub (local.get $sums)
            (i8x16.eq (v128.load offset=32 align=1 (local.get $p)) (local.get $pattern))))
          (local.set $sums (i8x16.sub (local.get $sums)
            (i8x16.eq (v128.load offset=48 align=1 (local.get $p)) (local.get $pattern))))
          (local.set $p (i32.add (local.get $p) (i32.const 64)))
          (br_if $lanes (i32.lt_u (local.get $p) (local.get $stop))))
        (local.set $sums
          (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $sums))))
        (local.set $total (i32.add (local.get $total)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
            (i32.add (i32x4.extract_lane 2 (local.get $sums)) (i32x4.extract_lane 3 (local.get $sums))))))
        (br $blocks)))
    ;; The last bytes, 16 at a time, the lanes past the end masked off.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $total (i32.add (local.get $total)
          (i32.popcnt (i32.and
            (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $p)) (local.get $pattern)))
            (call $low_bits (select (i32.const 16) (i32.sub (local.get $end) (local.get $p))
              (i32.ge_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $tail)))
    (local.get $total))

  ;; Measures the segment that begins at $start and ends at the first \r before $line_end (or there):
  ;; sets the globals above and answers where it ends, or -1 if it holds a control the emulation
  ;; drops (C0 other than tab, DEL), which the fast paths leave to the emulation.
  (func $measure_segment (param $start i32) (param $line_end i32) (result i32)
    (local $end i32) (local $at i32) (local $v v128) (local $mask i32) (local $k i32)
    (local $continuation i32) (local $four_byte i32) (local $left i32) (local $bits i32)
    (local $controls v128) (local $high v128) (local $text v128)
    (local $cont_lanes v128) (local $four_lanes v128) (local $blocks i32)
    (local.set $end (call $find (local.get $start) (local.get $line_end) (i32.const 0x0d)))
    (if (i32.lt_s (local.get $end) (i32.const 0)) (then (local.set $end (local.get $line_end))))
    (global.set $first_bracket (i32.const -1))
    (global.set $chars_to_bracket (i32.const 0))
    (local.set $at (local.get $start))
    ;; Whole blocks: what the segment holds is gathered in lanes, counted once at its end (or every
    ;; 255 blocks, before a lane could overflow).
    (block $whole_done
      (loop $whole
        (br_if $whole_done (i32.gt_s (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $at)))
        ;; Controls: below space but tab, and DEL.
        (local.set $controls (v128.or (local.get $controls) (v128.or
          (v128.and
            (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
            (i8x16.ne (local.get $v) (i8x16.splat (i32.const 0x09))))
          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7f))))))
        (local.set $high (v128.or (local.get $high) (local.get $v)))
        (local.set $text (v128.or (local.get $text) (v128.and
          (i8x16.gt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
          (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x7f))))))
        ;; The first bracket: its columns are the bytes before it less the continuation bytes and
        ;; plus the 4-byte leads (both as summed so far, then this block's up to it).
        (if (i32.lt_s (global.get $first_bracket) (i32.const 0))
          (then
            (local.set $mask (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5d)))))
            (if (local.get $mask)
              (then
                (local.set $k (i32.ctz (local.get $mask)))
                (local.set $bits (i32.sub (i32.shl (i32.const 2) (local.get $k)) (i32.const 1)))
                (local.set $continuation (i32.add (local.get $continuation)
                  (call $lane_sum (local.get $cont_lanes))))
                (local.set $four_byte (i32.add (local.get $four_byte)
                  (call $lane_sum (local.get $four_lanes))))
                (local.set $cont_lanes (v128.const i64x2 0 0))
                (local.set $four_lanes (v128.const i64x2 0 0))
                (local.set $blocks (i32.const 0))
                (global.set $first_bracket (i32.add (local.get $at) (local.get $k)))
                (global.set $chars_to_bracket
                  (i32.add
                    (i32.sub
                      (i32.sub (i32.add (global.get $first_bracket) (i32.const 1)) (local.get $start))
                      (i32.add (local.get $continuation)
                        (i32.popcnt (i32.and (local.get $bits)
                          (i8x16.bitmask (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const 0xc0))))))))
                    (i32.add (local.get $four_byte)
                      (i32.popcnt (i32.and (local.get $bits)
                        (i8x16.bitmask (i8x16.ge_u (local.get $v) (i8x16.splat (i32.const 0xf0)))))))))))))
        ;; UTF-8 continuation bytes (0x80-0xbf) add no column; a 4-byte lead (>= 0xf0) adds one (its
        ;; character is a surrogate pair).
        (local.set $cont_lanes (i8x16.sub (local.get $cont_lanes)
          (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const 0xc0)))))
        (local.set $four_lanes (i8x16.sub (local.get $four_lanes)
          (i8x16.ge_u (local.get $v) (i8x16.splat (i32.const 0xf0)))))
        (local.set $blocks (i32.add (local.get $blocks) (i32.const 1)))
        (if (i32.eq (local.get $blocks) (i32.const 255))
          (then
            (local.set $continuation (i32.add (local.get $continuation)
              (call $lane_sum (local.get $cont_lanes))))
            (local.set $four_byte (i32.add (local.get $four_byte)
              (call $lane_sum (local.get $four_lanes))))
            (local.set $cont_lanes (v128.const i64x2 0 0))
            (local.set $four_lanes (v128.const i64x2 0 0))
            (local.set $blocks (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $whole)))
    (local.set $continuation (i32.add (local.get $continuation) (call $lane_sum (local.get $cont_lanes))))
    (local.set $four_byte (i32.add (local.get $four_byte) (call $lane_sum (local.get $four_lanes))))
    ;; The last bytes, fewer than 16: the lanes past the segment masked off.
    (if (i32.lt_u (local.get $at) (local.get $end))
      (then
        (local.set $v (v128.load align=1 (local.get $at)))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (local.set $bits (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1)))
        (if (i32.and (local.get $bits) (i8x16.bitmask (v128.or
              (v128.and
                (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
                (i8x16.ne (local.get $v) (i8x16.splat (i32.const 0x09))))
              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7f))))))
          (then (return (i32.const -1))))
        (local.set $mask (i32.and (local.get $bits)
          (i8x16.bitmask (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const 0xc0))))))
        (local.set $k (i32.and (local.get $bits)
          (i8x16.bitmask (i8x16.ge_u (local.get $v) (i8x16.splat (i32.const 0xf0))))))
        (if (i32.lt_s (global.get $first_bracket) (i32.const 0))
          (then
            (local.set $left (i32.and (local.get $bits)
              (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5d))))))
            (if (local.get $left)
              (then
                (global.set $first_bracket (i32.add (local.get $at) (i32.ctz (local.get $left))))
                (local.set $left (i32.sub (i32.shl (i32.const 2) (i32.ctz (local.get $left))) (i32.const 1)))
                (global.set $chars_to_bracket
                  (i32.add
                    (i32.sub
                      (i32.sub (i32.add (global.get $first_bracket) (i32.const 1)) (local.get $start))
                      (i32.add (local.get $continuation)
                        (i32.popcnt (i32.and (local.get $mask) (local.get $left)))))
                    (i32.add (local.get $four_byte)
                      (i32.popcnt (i32.and (local.get $k) (local.get $left))))))))))
        (local.set $continuation (i32.add (local.get $continuation) (i32.popcnt (local.get $mask))))
        (local.set $four_byte (i32.add (local.get $four_byte) (i32.popcnt (local.get $k))))
        (if (i32.and (local.get $bits) (i8x16.bitmask (local.get $v)))
          (then (local.set $high (v128.or (local.get $high) (local.get $v)))))
        (if (i32.and (local.get $bits) (i8x16.bitmask (v128.and
              (i8x16.gt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
              (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x7f))))))
          (then (local.set $text (i8x16.splat (i32.const -1)))))))
    (if (v128.any_true (local.get $controls)) (then (return (i32.const -1))))
    (global.set $high (i32.ne (i8x16.bitmask (local.get $high)) (i32.const 0)))
    (global.set $ascii_text (v128.any_true (local.get $text)))
    (global.set $chars (i32.add
      (i32.sub (i32.sub (local.get $end) (local.get $start)) (local.get $continuation))
      (local.get $four_byte)))
    (local.get $end))

  ;; The sum of the 16 byte lanes of $lanes, each read as 0..255.
  (func $lane_sum (param $lanes v128) (result i32)
    (local.set $lanes (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $lanes))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $lanes)) (i32x4.extract_lane 1 (local.get $lanes)))
      (i32.add (i32x4.extract_lane 2 (local.get $lanes)) (i32x4.extract_lane 3 (local.get $lanes)))))

  ;; A line of redraws [$p, $p + $n) (the newline not included, no ESC or \b in it), written over a
  ;; line of $columns columns: every segment before the last must cover the line so far without a
  ;; bracket inside (the first may hold one). Answers 0 where the line needs the emulation; else 1,
  ;; with 9 i32 at $out: cover start and end, last segment's start (all from $p), whether any byte is
  ;; >= 0x80, the last segment's columns, its first `]` (from $p, -1: none), its columns up to and
  ;; including that, whether it holds ASCII text, and the columns the line had before it.
  (func $redraws (export "redraws") (param $p i32) (param $n i32) (param $columns i32) (param $out i32)
      (result i32)
    (local $line_end i32) (local $start i32) (local $end i32) (local $high i32)
    (local $cover_start i32) (local $cover_end i32)
    (local.set $line_end (i32.add (local.get $p) (local.get $n)))
    (local.set $start (local.get $p))
    (local.set $cover_start (local.get $p))
    (local.set $cover_end (local.get $p))
    (loop $segment
      (local.set $end (call $measure_segment (local.get $start) (local.get $line_end)))
      (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const 0))))
      (local.set $high (i32.or (local.get $high) (global.get $high)))
      (if (i32.lt_u (local.get $end) (local.get $line_end))
        (then
          (if (i32.gt_u (local.get $end) (local.get $start))
            (then
              (if (i32.or
                    (i32.lt_u (global.get $chars) (local.get $columns))
                    (i32.and
                      (i32.ne (local.get $start) (local.get $p))
                      (i32.and
                        (i32.ge_s (global.get $first_bracket) (i32.const 0))
                        (i32.lt_s (global.get $first_bracket)
                          (i32.sub (local.get $end) (i32.const 1))))))
                (then (return (i32.const 0))))
              (local.set $columns (global.get $chars))
              (local.set $cover_start (local.get $start))
              (local.set $cover_end (local.get $end))))
          (local.set $start (i32.add (local.get $end) (i32.const 1)))
          (br $segment))))
    (i32.store offset=0 (local.get $out) (i32.sub (local.get $cover_start) (local.get $p)))
    (i32.store offset=4 (local.get $out) (i32.sub (local.get $cover_end) (local.get $p)))
    (i32.store offset=8 (local.get $out) (i32.sub (local.get $start) (local.get $p)))
    (i32.store offset=12 (local.get $out) (local.get $high))
    (i32.store offset=16 (local.get $out) (global.get $chars))
    (i32.store offset=20 (local.get $out)
      (select (i32.sub (global.get $first_bracket) (local.get $p)) (i32.const -1)
        (i32.ge_s (global.get $first_bracket) (i32.const 0))))
    (i32.store offset=24 (local.get $out) (global.get $chars_to_bracket))
    (i32.store offset=28 (local.get $out) (global.get $ascii_text))
    (i32.store offset=32 (local.get $out) (local.get $columns))
    (i32.const 1))

  ;; Where the $k-th $byte in [$p, $p + $n) ends (the offset after it, from $p), or -1 if there are fewer.
  (func (export "after_nth") (param $p i32) (param $n i32) (param $byte i32) (param $k i32) (result i32)
    (local $at i32) (local $end i32) (local $left i32) (local $mask i32) (local $found i32)
    (local $pattern v128)
    (local.set $pattern (i8x16.splat (local.get $byte)))
    (local.set $at (local.get $p))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (if (i32.le_s (local.get $k) (i32.const 0)) (then (return (i32.const 0))))
    (block $none
      (loop $block
        (br_if $none (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (local.set $mask (i32.and
          (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $at)) (local.get $pattern)))
          (call $low_bits
            (select (i32.const 16) (local.get $left) (i32.ge_u (local.get $left) (i32.const 16))))))
        (local.set $found (i32.popcnt (local.get $mask)))
        (if (i32.ge_u (local.get $found) (local.get $k))
          (then
            ;; Drop the k-1 lowest, the next is the one.
            (block $dropped
              (loop $drop
                (br_if $dropped (i32.le_u (local.get $k) (i32.const 1)))
                (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $drop)))
            (return (i32.sub
              (i32.add (i32.add (local.get $at) (i32.ctz (local.get $mask))) (i32.const 1))
              (local.get $p)))))
        (local.set $k (i32.sub (local.get $k) (local.get $found)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (i32.const -1))

  ;; The first $byte in [$at, $end), or -1.
  (func $find (param $at i32) (param $end i32) (param $byte i32) (result i32)
    (local $pattern v128) (local $mask i32) (local $left i32)
    (local.set $pattern (i8x16.splat (local.get $byte)))
    (block $none
      (loop $block
        (br_if $none (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (local.set $mask (i32.and
          (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $at)) (local.get $pattern)))
          (select (i32.const 0xffff)
            (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1))
            (i32.ge_u (local.get $left) (i32.const 16)))))
        (if (local.get $mask) (then (return (i32.add (local.get $at) (i32.ctz (local.get $mask))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (i32.const -1))
)
