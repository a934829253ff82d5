// The terminal histogram's bars, bins and edge cases (what `spectrum` prints).
import Testing
@testable import SFNPlot

@Suite struct TextHistogramTests {
    @Test func histogramLines() {
        let text = TextHistogram.render([0, 0, 0, 0.5, 1], bins: 2, width: 6)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == ["0   ██████ 3", "0.5 ████ 2"])
        #expect(TextHistogram.render([1, 1], bins: 5, width: 4) == "1 ████ 2")
        #expect(TextHistogram.render([.nan]) == "(no finite values)")
        // A bin far smaller than the largest still shows, and an empty one is shaded.
        let sparse = TextHistogram.render([0] + [Double](repeating: 3, count: 100), bins: 3, width: 4)
        let sparseLines: [String] = sparse.split(separator: "\n").map { String($0) }
        #expect(sparseLines == ["0 ▏ 1", "1 ░ 0", "2 ████ 100"])
    }
}
