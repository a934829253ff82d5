/// NumPy broadcasting: shapes are aligned at their last axis; an axis of extent 1 (or a missing
/// leading axis) stretches to match the other.
public enum Broadcast {
    /// The broadcast shape of two shapes, or nil when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            if x == y || y == 1 { out[i] = x } else if x == 1 { out[i] = y } else { return nil }
        }
        return out
    }

    /// Whether `source` broadcasts to exactly `target`.
    public static func canStretch(_ source: [Int], to target: [Int]) -> Bool {
        guard source.count <= target.count else { return false }
        let off = target.count - source.count
        for i in 0..<source.count where source[i] != 1 && source[i] != target[i + off] { return false }
        return true
    }

    /// For every element of `target` (row-major), the index of the element of `source` it reads.
    /// Built once when a tape is compiled; evaluation is then a gather.
    public static func sourceIndices(from source: [Int], to target: [Int]) -> [Int] {
        precondition(canStretch(source, to: target), "cannot broadcast \(source) to \(target)")
        let off = target.count - source.count
        let srcStrides = strides(of: source)
        // Stride of each target axis in the source: 0 where the axis is stretched or missing.
        var step = [Int](repeating: 0, count: target.count)
        for i in 0..<source.count where source[i] != 1 { step[i + off] = srcStrides[i] }
        let total = elementCount(target)
        var out = [Int](repeating: 0, count: total)
        if total == 0 { return out }
        var index = [Int](repeating: 0, count: target.count)
        var src = 0
        for e in 0..<total {
            out[e] = src
            // Advance the multi-index (odometer), keeping src in step.
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                src += step[axis]
                if index[axis] < target[axis] { break }
                src -= step[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    /// Copies `source` stretched to `target`.
    public static func stretch(_ source: Tensor, to target: [Int]) -> Tensor {
        if source.shape == target { return source }
        let idx = sourceIndices(from: source.shape, to: target)
        return Tensor(shape: target, scalars: idx.map { source.scalars[$0] })
    }

    /// Sums `source` down to `target`: the adjoint of stretching `target` to `source.shape`.
    public static func sum(_ source: Tensor, to target: [Int]) -> Tensor {
        if source.shape == target { return source }
        let idx = sourceIndices(from: target, to: source.shape)
        var out = [Double](repeating: 0, count: elementCount(target))
        for (e, s) in idx.enumerated() { out[s] += source.scalars[e] }
        return Tensor(shape: target, scalars: out)
    }
}
