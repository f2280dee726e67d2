;; The byte scans of the display log that JavaScript does one byte at a time, 16 to 64 bytes at a
;; time (WebAssembly SIMD). Assembled into byte-scan-wasm.ts by `npm run wasm` (scripts/assemble-wasm.js);
;; a unit test checks that the two agree. Every load may read up to 15 bytes past the range it was
;; given (masked off): the caller keeps 16 bytes of memory after every range.
(module
  (memory (export "memory") 1)

  ;; Bits [0, n) set, n in 0..16.
  (func $low_bits (param $n i32) (result i32)
    (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1)))

  ;; A line of redraws [$p, $p + $n) (the newline not included), written over a line of $columns
  ;; columns, read in one pass 16 bytes at a time. Every segment before the last (split at \r) must
  ;; cover the line so far (its columns: UTF-16 units, as the emulation counts them, are its bytes less
  ;; UTF-8 continuation bytes plus one for each 4-byte lead) without a `]` before its end (the first
  ;; segment may hold one); no segment may hold a control the emulation drops (C0 but tab, DEL; so no
  ;; ESC or \b). Answers 0 where the line needs the emulation; else 1, with 9 i32 at $out: cover start
  ;; and end, last segment's start (all from $p), whether any byte is >= 0x80, the last segment's
  ;; columns, its first `]` (from $p, -1: none), its columns up to and including that, whether it holds
  ;; ASCII text other than space, and the columns the line had before it.
  (func $redraws (export "redraws") (param $p i32) (param $n i32) (param $columns i32) (param $out i32)
      (result i32)
    (local $end i32) (local $at i32) (local $v v128) (local $left i32) (local $rest i32)
    (local $returns i32) (local $continuations i32) (local $fours i32) (local $brackets i32)
    (local $texts i32) (local $part i32) (local $k i32) (local $upto i32) (local $cut i32)
    (local $high i32) (local $any_high i32) (local $start i32)
    (local $continuation i32) (local $four i32)
    (local $bracket i32) (local $to_bracket i32) (local $text i32) (local $chars i32)
    (local $cover_start i32) (local $cover_end i32)
    (local $cr v128) (local $tab v128) (local $space v128) (local $del v128) (local $close v128)
    (local.set $cr (i8x16.splat (i32.const 0x0d)))
    (local.set $tab (i8x16.splat (i32.const 0x09)))
    (local.set $space (i8x16.splat (i32.const 0x20)))
    (local.set $del (i8x16.splat (i32.const 0x7f)))
    (local.set $close (i8x16.splat (i32.const 0x5d)))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $at (local.get $p))
    (local.set $start (local.get $p))
    (local.set $cover_start (local.get $p))
    (local.set $cover_end (local.get $p))
    (local.set $bracket (i32.const -1))
    (block $line_done
      (loop $blocks
        (br_if $line_done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $at)))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (local.set $rest (select (i32.const 0xffff)
          (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1))
          (i32.ge_u (local.get $left) (i32.const 16))))
        (local.set $returns (i32.and (local.get $rest)
          (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $cr)))))
        ;; A control other than \r (C0 but tab, DEL): the emulation's. (Unsigned: bytes >= 0x80 are not.)
        (if (i32.and (local.get $rest) (i8x16.bitmask
              (v128.or
                (v128.andnot (i8x16.lt_u (local.get $v) (local.get $space))
                  (v128.or (i8x16.eq (local.get $v) (local.get $tab)) (i8x16.eq (local.get $v) (local.get $cr))))
                (i8x16.eq (local.get $v) (local.get $del)))))
          (then (return (i32.const 0))))
        ;; Signed compares from here: bytes >= 0x80 are negative.
        (local.set $high (i32.and (local.get $rest) (i8x16.bitmask (local.get $v))))
        (local.set $any_high (i32.or (local.get $any_high) (local.get $high)))
        (local.set $brackets (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $close))))
        ;; Printable ASCII but space (no DEL is left).
        (local.set $texts (i8x16.bitmask (i8x16.gt_s (local.get $v) (local.get $space))))
        ;; UTF-8 continuation bytes are 0x80-0xbf, 4-byte leads 0xf0-0xff; looked for only where a
        ;; block holds such bytes.
        (local.set $continuations (i32.const 0))
        (local.set $fours (i32.const 0))
        (if (local.get $high)
          (then
            (local.set $continuations
              (i8x16.bitmask (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const -64)))))
            (local.set $fours (i32.and (local.get $high)
              (i8x16.bitmask (i8x16.gt_s (local.get $v) (i8x16.splat (i32.const -17))))))))
        ;; Most blocks are whole and inside one segment, with no bracket still looked for: counted whole.
        (if (i32.eqz (i32.or (i32.or (local.get $returns) (i32.xor (local.get $rest) (i32.const 0xffff)))
              (select (local.get $brackets) (i32.const 0) (i32.lt_s (local.get $bracket) (i32.const 0)))))
          (then
            (local.set $continuation (i32.add (local.get $continuation) (i32.popcnt (local.get $continuations))))
            (local.set $four (i32.add (local.get $four) (i32.popcnt (local.get $fours))))
            (local.set $text (i32.or (local.get $text) (local.get $texts)))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $blocks)))
        ;; The block's lanes segment by segment: up to each \r, then the rest.
        (loop $segments
          (local.set $cut (select (i32.ctz (local.get $returns)) (i32.const 16) (local.get $returns)))
          (local.set $part (i32.and (local.get $rest)
            (i32.sub (i32.shl (i32.const 1) (local.get $cut)) (i32.const 1))))
          (if (i32.and (i32.lt_s (local.get $bracket) (i32.const 0))
                (i32.ne (i32.and (local.get $brackets) (local.get $part)) (i32.const 0)))
            (then
              (local.set $k (i32.ctz (i32.and (local.get $brackets) (local.get $part))))
              (local.set $bracket (i32.add (local.get $at) (local.get $k)))
              (local.set $upto (i32.and (local.get $part)
                (i32.sub (i32.shl (i32.const 2) (local.get $k)) (i32.const 1))))
              (local.set $to_bracket (i32.add
                (i32.sub (i32.sub (i32.add (local.get $bracket) (i32.const 1)) (local.get $start))
                  (i32.add (local.get $continuation)
                    (i32.popcnt (i32.and (local.get $continuations) (local.get $upto)))))
                (i32.add (local.get $four) (i32.popcnt (i32.and (local.get $fours) (local.get $upto))))))))
          (local.set $continuation (i32.add (local.get $continuation)
            (i32.popcnt (i32.and (local.get $continuations) (local.get $part)))))
          (local.set $four (i32.add (local.get $four) (i32.popcnt (i32.and (local.get $fours) (local.get $part)))))
          (local.set $text (i32.or (local.get $text) (i32.and (local.get $texts) (local.get $part))))
          (if (local.get $returns)
            (then
              ;; A segment before the last ends here: it must cover the line so far.
              (local.set $cut (i32.add (local.get $at) (local.get $cut)))
              (if (i32.gt_u (local.get $cut) (local.get $start))
                (then
                  (local.set $chars (i32.add
                    (i32.sub (i32.sub (local.get $cut) (local.get $start)) (local.get $continuation))
                    (local.get $four)))
                  (if (i32.lt_u (local.get $chars) (local.get $columns)) (then (return (i32.const 0))))
                  (if (i32.and (i32.ne (local.get $start) (local.get $p))
                        (i32.and (i32.ge_s (local.get $bracket) (i32.const 0))
                          (i32.lt_s (local.get $bracket) (i32.sub (local.get $cut) (i32.const 1)))))
                    (then (return (i32.const 0))))
                  (local.set $columns (local.get $chars))
                  (local.set $cover_start (local.get $start))
                  (local.set $cover_end (local.get $cut))))
              (local.set $start (i32.add (local.get $cut) (i32.const 1)))
              (local.set $continuation (i32.const 0))
              (local.set $four (i32.const 0))
              (local.set $bracket (i32.const -1))
              (local.set $text (i32.const 0))
              ;; The lanes after this \r are left.
              (local.set $rest (i32.and (local.get $rest)
                (i32.xor (i32.sub (i32.shl (i32.const 2) (i32.ctz (local.get $returns))) (i32.const 1))
                  (i32.const -1))))
              (local.set $returns (i32.and (local.get $returns) (i32.sub (local.get $returns) (i32.const 1))))
              (br $segments))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $blocks)))
    (i32.store offset=0 (local.get $out) (i32.sub (local.get $cover_start) (local.get $p)))
    (i32.store offset=4 (local.get $out) (i32.sub (local.get $cover_end) (local.get $p)))
    (i32.store offset=8 (local.get $out) (i32.sub (local.get $start) (local.get $p)))
    (i32.store offset=12 (local.get $out) (i32.ne (local.get $any_high) (i32.const 0)))
    (i32.store offset=16 (local.get $out) (i32.add
      (i32.sub (i32.sub (local.get $end) (local.get $start)) (local.get $continuation))
      (local.get $four)))
    (i32.store offset=20 (local.get $out)
      (select (i32.sub (local.get $bracket) (local.get $p)) (i32.const -1)
        (i32.ge_s (local.get $bracket) (i32.const 0))))
    (i32.store offset=24 (local.get $out) (local.get $to_bracket))
    (i32.store offset=28 (local.get $out) (i32.ne (local.get $text) (i32.const 0)))
    (i32.store offset=32 (local.get $out) (local.get $columns))
    (i32.const 1))

  ;; The first \r, ESC or \b in [$p, $p + $n) (its offset from $p), or $n: where a run of plain lines
  ;; stops; with the number of \n before it as an i32 at $out (the run's lines, counted on the way).
  ;; Runs are long: 64 bytes a step while none is in them, then 16 at a time. (Written out in full: a
  ;; call in the loop costs more than the compares.)
  (func (export "next_special") (param $p i32) (param $n i32) (param $out i32) (result i32)
    (local $at i32) (local $end i32) (local $left i32) (local $mask i32) (local $steps i32)
    (local $lines i32) (local $sums v128) (local $lf v128)
    (local $cr v128) (local $esc v128) (local $bs v128) (local $a v128) (local $b v128) (local $c v128)
    (local $d v128)
    (local.set $lf (i8x16.splat (i32.const 0x0a)))
    (local.set $cr (i8x16.splat (i32.const 0x0d)))
    (local.set $esc (i8x16.splat (i32.const 0x1b)))
    (local.set $bs (i8x16.splat (i32.const 0x08)))
    (local.set $at (local.get $p))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $found
      (loop $wide
        (br_if $found (i32.gt_u (i32.add (local.get $at) (i32.const 64)) (local.get $end)))
        (local.set $a (v128.load align=1 (local.get $at)))
        (local.set $b (v128.load offset=16 align=1 (local.get $at)))
        (local.set $c (v128.load offset=32 align=1 (local.get $at)))
        (local.set $d (v128.load offset=48 align=1 (local.get $at)))
        (br_if $found (v128.any_true (v128.or
          (v128.or
            (v128.or (v128.or (i8x16.eq (local.get $a) (local.get $cr)) (i8x16.eq (local.get $a) (local.get $esc)))
              (v128.or (i8x16.eq (local.get $a) (local.get $bs)) (i8x16.eq (local.get $b) (local.get $cr))))
            (v128.or (v128.or (i8x16.eq (local.get $b) (local.get $esc)) (i8x16.eq (local.get $b) (local.get $bs)))
              (v128.or (i8x16.eq (local.get $c) (local.get $cr)) (i8x16.eq (local.get $c) (local.get $esc)))))
          (v128.or
            (v128.or (i8x16.eq (local.get $c) (local.get $bs)) (i8x16.eq (local.get $d) (local.get $cr)))
            (v128.or (i8x16.eq (local.get $d) (local.get $esc)) (i8x16.eq (local.get $d) (local.get $bs)))))))
        ;; Newlines counted in the 16 byte lanes of $sums (up to 4 a step), added up every 63 steps.
        (local.set $sums (i8x16.sub (i8x16.sub (local.get $sums) (i8x16.eq (local.get $a) (local.get $lf)))
          (i8x16.eq (local.get $b) (local.get $lf))))
        (local.set $sums (i8x16.sub (i8x16.sub (local.get $sums) (i8x16.eq (local.get $c) (local.get $lf)))
          (i8x16.eq (local.get $d) (local.get $lf))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (if (i32.eq (local.get $steps) (i32.const 63))
          (then
            (local.set $lines (i32.add (local.get $lines) (call $lane_sum (local.get $sums))))
            (local.set $sums (v128.const i64x2 0 0))
            (local.set $steps (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $wide)))
    (local.set $lines (i32.add (local.get $lines) (call $lane_sum (local.get $sums))))
    (block $none
      (loop $block
        (br_if $none (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a (v128.load align=1 (local.get $at)))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (local.set $mask (i8x16.bitmask (v128.or
          (v128.or (i8x16.eq (local.get $a) (local.get $cr)) (i8x16.eq (local.get $a) (local.get $esc)))
          (i8x16.eq (local.get $a) (local.get $bs)))))
        (if (i32.lt_u (local.get $left) (i32.const 16))
          (then (local.set $mask (i32.and (local.get $mask) (call $low_bits (local.get $left))))))
        (if (local.get $mask)
          (then
            (i32.store (local.get $out) (i32.add (local.get $lines) (i32.popcnt (i32.and
              (i8x16.bitmask (i8x16.eq (local.get $a) (local.get $lf)))
              (call $low_bits (i32.ctz (local.get $mask)))))))
            (return (i32.add (i32.sub (local.get $at) (local.get $p)) (i32.ctz (local.get $mask))))))
        (local.set $lines (i32.add (local.get $lines) (i32.popcnt (i32.and
          (i8x16.bitmask (i8x16.eq (local.get $a) (local.get $lf)))
          (call $low_bits (select (i32.const 16) (local.get $left) (i32.ge_u (local.get $left) (i32.const 16))))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (i32.store (local.get $out) (local.get $lines))
    (local.get $n))

  ;; The sum of the 16 byte lanes of $v (each a count).
  (func $lane_sum (param $v v128) (result i32)
    (local $sums v128)
    (local.set $sums (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
      (i32.add (i32x4.extract_lane 2 (local.get $sums)) (i32x4.extract_lane 3 (local.get $sums)))))

  ;; The first \n in [$p, $p + $n) (its offset from $p; -1: none), with two i32 at $out: the offsets of
  ;; the first \r and of the first ESC or \b before it (-1: none). What one line needs looked up, 16
  ;; bytes a step; once a \r (or an ESC or \b) is found, its compares look for \n instead, so blocks
  ;; with nothing new in them cost one test.
  (func (export "line_marks") (param $p i32) (param $n i32) (param $out i32) (result i32)
    (local $at i32) (local $end i32) (local $left i32) (local $v v128) (local $lines i32)
    (local $returns i32) (local $specials i32) (local $cr i32) (local $special i32) (local $found i32)
    (local $lf v128) (local $crv v128) (local $escv v128) (local $bsv v128)
    (local $is_lf v128) (local $is_cr v128) (local $is_special v128)
    (local.set $lf (i8x16.splat (i32.const 0x0a)))
    (local.set $crv (i8x16.splat (i32.const 0x0d)))
    (local.set $escv (i8x16.splat (i32.const 0x1b)))
    (local.set $bsv (i8x16.splat (i32.const 0x08)))
    (local.set $at (local.get $p))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $cr (i32.const -1))
    (local.set $special (i32.const -1))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $at)))
        (local.set $is_lf (i8x16.eq (local.get $v) (local.get $lf)))
        (local.set $is_cr (i8x16.eq (local.get $v) (local.get $crv)))
        (local.set $is_special
          (v128.or (i8x16.eq (local.get $v) (local.get $escv)) (i8x16.eq (local.get $v) (local.get $bsv))))
        (local.set $left (i32.sub (local.get $end) (local.get $at)))
        (if (i32.or (i32.lt_u (local.get $left) (i32.const 16))
              (v128.any_true (v128.or (local.get $is_lf) (v128.or (local.get $is_cr) (local.get $is_special)))))
          (then
            (local.set $found (select (i32.const 0xffff)
              (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1))
              (i32.ge_u (local.get $left) (i32.const 16))))
            (local.set $lines (i32.and (local.get $found) (i8x16.bitmask (local.get $is_lf))))
            ;; Only the lanes before this block's first \n count.
            (if (local.get $lines)
              (then (local.set $found
                (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $lines))) (i32.const 1)))))
            (local.set $returns (i32.and (local.get $found) (i8x16.bitmask (local.get $is_cr))))
            (local.set $specials (i32.and (local.get $found) (i8x16.bitmask (local.get $is_special))))
            (if (i32.and (i32.lt_s (local.get $cr) (i32.const 0)) (i32.ne (local.get $returns) (i32.const 0)))
              (then
                (local.set $cr (i32.add (i32.sub (local.get $at) (local.get $p)) (i32.ctz (local.get $returns))))
                (local.set $crv (local.get $lf))))
            (if (i32.and (i32.lt_s (local.get $special) (i32.const 0)) (i32.ne (local.get $specials) (i32.const 0)))
              (then
                (local.set $special
                  (i32.add (i32.sub (local.get $at) (local.get $p)) (i32.ctz (local.get $specials))))
                (local.set $escv (local.get $lf))
                (local.set $bsv (local.get $lf))))
            (if (local.get $lines)
              (then
                (i32.store offset=0 (local.get $out) (local.get $cr))
                (i32.store offset=4 (local.get $out) (local.get $special))
                (return (i32.add (i32.sub (local.get $at) (local.get $p)) (i32.ctz (local.get $lines))))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (i32.store offset=0 (local.get $out) (local.get $cr))
    (i32.store offset=4 (local.get $out) (local.get $special))
    (i32.const -1))

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
)
