/// An open-addressing hash index over the lines of a CMUdict-format file ("word phones",
/// "word(2) phones" for a second variant), keyed by the word's bytes in the file.
/// Building a Swift dictionary of 134,000 strings, each with an array of variants, cost
/// more than everything else the program does before its first decode.
struct LineIndex: Sendable {
    /// Per line: where its word (without a "(n)" suffix) starts and ends, and where its
    /// pronunciation starts and ends, as byte offsets.
    private let offsets: [Int32]
    /// The next variant of the same word, in file order, or -1.
    private let nextVariant: [Int32]
    /// Hash slots holding each word's first line, or -1.
    private let slots: [Int32]

    init(_ bytes: [UInt8]) {
        var lines = 0
        for b in bytes where b == 10 { lines += 1 }
        var size = 1
        while size < 2 * (lines + 1) { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        var lastVariant = [Int32](repeating: -1, count: size)
        var offsets: [Int32] = [], nextVariant: [Int32] = []
        offsets.reserveCapacity(4 * lines)
        nextVariant.reserveCapacity(lines)
        bytes.withUnsafeBufferPointer { raw in
            var lineStart = 0
            let n = raw.count
            while lineStart < n {
                var lineEnd = lineStart
                while lineEnd < n, raw[lineEnd] != 10 { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                var space = lineStart
                while space < lineEnd, raw[space] != 32 { space += 1 }
                guard space > lineStart, space + 1 < lineEnd else { continue }
                // "word(2)" is the second variant of "word".
                var end = space
                if raw[space - 1] == 41, let paren = (lineStart..<space).last(where: { raw[$0] == 40 }), paren > lineStart { end = paren }
                let line = Int32(nextVariant.count)
                let slot = LineIndex.find(UnsafeBufferPointer(rebasing: raw[lineStart..<end]), raw: raw, slots: slots, offsets: offsets)
                offsets.append(Int32(lineStart))
                offsets.append(Int32(end))
                offsets.append(Int32(space + 1))
                offsets.append(Int32(lineEnd))
                nextVariant.append(-1)
                if slots[slot] < 0 {
                    slots[slot] = line
                } else {
                    nextVariant[Int(lastVariant[slot])] = line
                }
                lastVariant[slot] = line
            }
        }
        self.offsets = offsets
        self.nextVariant = nextVariant
        self.slots = slots
    }

    /// The byte ranges of `word`'s pronunciations in file order; empty if it is not there.
    func pronunciations(of word: [UInt8], in raw: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let slot = word.withUnsafeBufferPointer { LineIndex.find($0, raw: raw, slots: slots, offsets: offsets) }
        var out: [Range<Int>] = []
        var line = slots[slot]
        while line >= 0 {
            let k = 4 * Int(line)
            out.append(Int(offsets[k + 2])..<Int(offsets[k + 3]))
            line = nextVariant[Int(line)]
        }
        return out
    }

    /// The slot holding `key`'s first line, or the empty slot where it would go.
    private static func find(_ key: UnsafeBufferPointer<UInt8>, raw: UnsafeBufferPointer<UInt8>, slots: [Int32], offsets: [Int32]) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a
        for b in key { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let line = Int(slots[slot])
            if line < 0 { return slot }
            let start = Int(offsets[4 * line]), end = Int(offsets[4 * line + 1])
            if end - start == key.count, zip(raw[start..<end], key).allSatisfy({ $0 == $1 }) { return slot }
            slot = (slot + 1) & mask
        }
    }
}
