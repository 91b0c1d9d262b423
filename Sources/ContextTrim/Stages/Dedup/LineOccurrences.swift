/// Every place a line hash stood, oldest first: an open-addressing table keyed
/// by the XXH3 line hash itself (already uniform, so it is not hashed again),
/// each slot heading a chain of occurrences in the order they were added.
struct LineOccurrences {
    /// One line of one source.
    struct Occurrence {
        let source: Int32
        /// The line's position among all indexed lines (the caller's numbering).
        let line: Int32
        /// The next occurrence of the same hash, or -1.
        fileprivate(set) var next: Int32
    }

    private struct Slot {
        var hash: UInt64
        /// The first and last occurrence, or -1 when the slot is empty.
        var head: Int32
        var tail: Int32
    }

    /// Allocated on the first append, so an empty table costs nothing.
    private var slots: [Slot] = []
    private var distinct = 0
    private(set) var occurrences: [Occurrence] = []

    /// Records that line `line` of source `source` has `hash`.
    mutating func append(_ hash: UInt64, source: Int, line: Int) {
        if (distinct + 1) * 2 > slots.count { grow() }
        let index = Int32(occurrences.count)
        occurrences.append(Occurrence(source: Int32(source), line: Int32(line), next: -1))
        let slot = position(of: hash)
        if slots[slot].head < 0 {
            slots[slot] = Slot(hash: hash, head: index, tail: index)
            distinct += 1
        } else {
            occurrences[Int(slots[slot].tail)].next = index
            slots[slot].tail = index
        }
    }

    /// The oldest occurrence of `hash`, or -1; follow `next` for the others.
    func first(_ hash: UInt64) -> Int32 {
        slots.isEmpty ? -1 : slots[position(of: hash)].head
    }

    /// The slot holding `hash`, or the empty slot where it would go.
    private func position(of hash: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].head >= 0 && slots[slot].hash != hash {
            slot = (slot + 1) & mask
        }
        return slot
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, head: -1, tail: -1), count: max(1024, old.count * 2))
        for slot in old where slot.head >= 0 {
            slots[position(of: slot.hash)] = slot
        }
    }
}
