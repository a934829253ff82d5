// "did you mean …?" for unknown names and fields.

package enum Suggestions {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible
    /// typo: at most 2 edits, and fewer edits than the word has characters (so `x` does not
    /// suggest `y`). Ties go to the earlier candidate (callers list local names first).
    package static func closest(to word: String, among candidates: [String]) -> String? {
        let w = Array(word)
        var best: (String, Int)? = nil
        var seen = Set<String>()
        for c in candidates where c != word && seen.insert(c).inserted {
            let d = distance(w, Array(c), limit: 2)
            guard d <= 2, d < w.count else { continue }
            if best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance (insert, delete, substitute; an adjacent swap counts as 1), cut off
    /// early once it exceeds `limit`.
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], prev2[j - 2] + 1) }
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
