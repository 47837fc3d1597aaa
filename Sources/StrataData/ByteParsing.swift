/// Byte-level helpers of the readers: interning byte strings and parsing
/// decimal numbers without creating `String`s.

/// Interns byte strings: each distinct byte sequence gets a dense index
/// (0, 1, 2, … in first-seen order).
///
/// An open-addressing hash table over a byte arena: looking up a code hashes
/// its bytes (eight at a time) and compares them with `memcmp`-like equality;
/// a new code copies its bytes into the arena once. Codes are compared by
/// bytes, not by Unicode canonical equivalence.
///
/// - Complexity: O(length) per lookup, amortised.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of distinct codes.
    var count: Int { hashes.count }

    /// The bytes of code `i`.
    func bytes(of i: Int) -> ArraySlice<UInt8> { arena[offsets[i]..<offsets[i + 1]] }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        guard let base = b.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= b.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < b.count {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < b.count {
                w |= UInt64(b[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// The index of `bytes`, adding it when new (`isNew` is then `true`).
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int32, isNew: Bool) {
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let i = table[slot]
            if i < 0 { break }
            if hashes[Int(i)] == h, equal(Int(i), bytes) { return (i, false) }
            slot = (slot + 1) & mask
        }
        let index = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        table[slot] = index
        if hashes.count * 2 > table.count { grow() }
        return (index, true)
    }

    /// The index of `bytes`, or `nil` when it is not interned.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let i = table[slot]
            if i < 0 { return nil }
            if hashes[Int(i)] == h, equal(Int(i), bytes) { return i }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = offsets[i], e = offsets[i + 1]
        guard e - s == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var k = 0
            while k < bytes.count {
                if a[s + k] != bytes[k] { return false }
                k += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(i)
        }
    }
}

/// Decimal numbers from bytes, bit-identical to `Double(String)`.
enum DecimalParser {
    /// Exact powers of ten as doubles (10^0 … 10^22 are exactly representable).
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The value of `b` when it is a plain decimal number
    /// (`-?digits[.digits][(e|E)[+-]digits]`, at least one digit before or
    /// after the point), else `nil` (the caller then tries the general
    /// parser and the placeholder rules).
    ///
    /// Numbers with at most 15 significant digits (leading zeros do not
    /// count) and a decimal exponent within ±22 are computed exactly by
    /// Clinger's fast path (W. D. Clinger, "How to read floating point
    /// numbers accurately", PLDI 1990): the digits as an integer `m < 2^53`
    /// times or divided by the exact double `10^e`, one correctly rounded
    /// operation. Everything else in that grammar goes to `Double(String)`
    /// (strtod), so the result is always the one `Double(String)` gives.
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if b[0] == 0x2D {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits accumulated
        var anyDigit = false
        var exponent = 0
        // integer part
        while i < n {
            let c = b[i] &- 0x30
            if c > 9 { break }
            anyDigit = true
            if mantissa != 0 || c != 0 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(c) }
                else { exponent += 1 }
                digits += 1
            }
            i += 1
        }
        if i < n, b[i] == 0x2E {
            i += 1
            while i < n {
                let c = b[i] &- 0x30
                if c > 9 { break }
                anyDigit = true
                if mantissa != 0 || c != 0 {
                    if digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(c)
                        exponent -= 1
                    }
                    digits += 1
                } else {
                    exponent -= 1
                }
                i += 1
            }
        }
        guard anyDigit else { return nil }
        if i < n, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            var expNegative = false
            if i < n, b[i] == 0x2D || b[i] == 0x2B {
                expNegative = b[i] == 0x2D
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < n {
                let c = b[i] &- 0x30
                if c > 9 { break }
                if e < 100_000 { e = e * 10 + Int(c) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if mantissa == 0 && digits == 0 { return negative ? -0.0 : 0.0 }
        if digits <= 15, exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)  // exact: mantissa < 10^15 < 2^53
            if exponent < 0 { v /= powersOfTen[-exponent] } else if exponent > 0 { v *= powersOfTen[exponent] }
            return negative ? -v : v
        }
        return Double(String(decoding: b, as: UTF8.self))
    }
}
