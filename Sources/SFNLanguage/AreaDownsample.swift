// Image reduction by area averaging (a box filter): each output pixel is the mean of the source
// area it covers, a source pixel that it covers in part counting with the fraction covered. Dauphin
// et al. (2014) trained on MNIST and CIFAR-10 reduced to 10×10 this way (Figures 1 and 3); from 28
// to 10 the ratio is 2.8, so the fractions matter.

/// Reduces height×width images (row-major) to size×size.
struct AreaDownsample {
    let height: Int, width: Int, size: Int
    /// For each output row: the source rows it overlaps and the fraction of its area in each.
    private let rowWeights: [[(index: Int, weight: Double)]]
    private let columnWeights: [[(index: Int, weight: Double)]]

    /// `size` must be between 1 and min(height, width).
    init(height: Int, width: Int, to size: Int) {
        precondition(size >= 1 && size <= min(height, width))
        self.height = height; self.width = width; self.size = size
        rowWeights = Self.weights(height, size)
        columnWeights = Self.weights(width, size)
    }

    /// The overlaps of k output cells with n source cells along one axis, in integers: measured in
    /// 1/k of a source cell, source cell r spans [r·k, (r+1)·k) and output cell i spans
    /// [i·n, (i+1)·n). Divided by n, the weights of each output cell sum to exactly 1.
    static func weights(_ n: Int, _ k: Int) -> [[(index: Int, weight: Double)]] {
        (0..<k).map { i in
            let lo = i * n, hi = (i + 1) * n
            return (lo / k...(hi - 1) / k).map { r in
                (r, Double(min(hi, (r + 1) * k) - max(lo, r * k)) / Double(n))
            }
        }
    }

    /// Writes the reduced `image` (height·width values) to `out[offset ..< offset + size²]`.
    func apply(_ image: [Double], into out: inout [Double], at offset: Int) {
        // Columns first (size values per source row), then rows.
        var partial = [Double](repeating: 0, count: height * size)
        for r in 0..<height {
            for (j, cells) in columnWeights.enumerated() {
                var s = 0.0
                for (c, w) in cells { s += w * image[r * width + c] }
                partial[r * size + j] = s
            }
        }
        for (i, cells) in rowWeights.enumerated() {
            for j in 0..<size {
                var s = 0.0
                for (r, w) in cells { s += w * partial[r * size + j] }
                out[offset + i * size + j] = s
            }
        }
    }
}
