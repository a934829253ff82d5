// A run's per-step record (history, its costs, the path) in bounded memory, however long the run.

/// Entries taken at steps 0, 1, 2, … kept at steps 0, k, 2k, … plus the latest one: when more than
/// `capacity` are held, k doubles and the entries off the new grid are dropped. The first entry
/// (step 0) and the last are always kept, and at most `capacity` entries are ever held, so a run
/// of 10⁸ steps holds what one of `capacity` steps does (issue 17: gd with steps=1e8 kept 150
/// bytes a step and aborted at 6.5 GB). Thinning costs O(capacity) each time k doubles, which is
/// after k·capacity/2 more steps: O(1) per step.
public struct ThinnedHistory<Entry> {
    /// The most entries held (at least 2: the first and the last).
    public let capacity: Int
    /// k: the kept entries other than the last are at steps that are multiples of it.
    public private(set) var stride = 1
    /// The step of each kept entry, ascending.
    public private(set) var steps: [Int] = []
    /// The kept entries, one per element of ``steps``.
    public private(set) var entries: [Entry] = []

    /// An empty history holding at most `capacity` entries (raised to 2).
    public init(capacity: Int) { self.capacity = max(2, capacity) }

    /// Records the entry of `step`; steps must increase.
    public mutating func append(_ entry: Entry, step: Int) {
        // The previous entry was kept for being the last; off the grid it goes now.
        if let last = steps.last, last % stride != 0 { steps.removeLast(); entries.removeLast() }
        steps.append(step); entries.append(entry)
        while steps.count > capacity { thin() }
    }

    /// Doubles k and keeps the entries on the new grid, and the last.
    private mutating func thin() {
        stride *= 2
        var kept = 0
        for i in steps.indices where steps[i] % stride == 0 || i == steps.count - 1 {
            steps[kept] = steps[i]; entries.swapAt(kept, i)
            kept += 1
        }
        steps.removeLast(steps.count - kept); entries.removeLast(entries.count - kept)
    }
}
