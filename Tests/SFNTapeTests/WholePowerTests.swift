// A power's kernels for a constant whole exponent (0 … 4) against the general kernels: the same
// bits, over edge values, for the array and the fused-block forms and for 1 and 3 tangents.
import Foundation
import Testing
@testable import SFNTape

@Suite struct WholePowerTests {
    /// Signs, zeros, subnormals, values whose powers overflow or underflow, infinities, NaN, and
    /// ordinary numbers: 56 in all (7 rows of 8 in the block tests).
    static let bases: [Double] = [0, -0.0, 1, -1, 0.5, -2.5, 3.7, 1e-310, -1e-310, 1e200, -1e200,
                                  .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        + (0..<40).map { (i: Int) -> Double in Foundation.sin(Double(i) * 1.3) * 7 }  // typed: 3 s to infer
    /// The exponents of the fast path, and two that take the general kernels.
    static let exponents: [Double] = [0, -0.0, 1, 2, 3, 4, 2.5, 5]

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    /// The values a (then the exponent), k tangents of a, and room for results.
    struct Buffers {
        var values: [Double], tangents: [Double]
        let count = WholePowerTests.bases.count
        init(_ exponent: Double, k: Int) {
            values = WholePowerTests.bases + [exponent]
            tangents = (0..<(k * WholePowerTests.bases.count)).map { Foundation.cos(Double($0)) }
        }
    }

    @Test(arguments: exponents) func arrayKernelsKeepTheBits(_ e: Double) {
        var buf = Buffers(e, k: 3)
        let n = buf.count, pow = BinaryFunctions.Pow()
        var (fast, general) = ([Double](repeating: 0, count: n), [Double](repeating: 0, count: n))
        var (dFast, dGeneral) = ([Double](repeating: 0, count: 3 * n), [Double](repeating: 0, count: 3 * n))
        var scratch = [Double](repeating: 0, count: 2 * n)
        // Operands and Tangents hold pointers, so their arrays are pinned for the whole use (an
        // implicit array-to-pointer conversion lives only for the initialiser's call).
        let offsets = [0, n], counts = [n, 1], zero = [false, true], tangentOffsets = [0, 0]
        offsets.withUnsafeBufferPointer { o in counts.withUnsafeBufferPointer { c in
        zero.withUnsafeBufferPointer { z in tangentOffsets.withUnsafeBufferPointer { to in
        buf.values.withUnsafeMutableBufferPointer { v in
            let x = Operands(base: v.baseAddress!, offsets: o.baseAddress!, counts: c.baseAddress!, arity: 2)
            pow.forward(x, &fast)
            pow.binaryForward(x, &general)
            buf.tangents.withUnsafeMutableBufferPointer { t in
                let dx = Tangents(base: t.baseAddress!, offsets: to.baseAddress!, zero: z.baseAddress!)
                for k in [1, 3] {
                    pow.tangent(x, fast, dx, &dFast, k, &scratch)
                    pow.binaryTangent(x, fast, dx, &dGeneral, k, &scratch)
                    #expect(Self.same(dFast, dGeneral), "tangents, exponent \(e), k = \(k)")
                }
            }
        }
        } } } }
        #expect(Self.same(fast, general), "values, exponent \(e)")
    }

    @Test(arguments: exponents) func blockKernelsKeepTheBits(_ e: Double) {
        var buf = Buffers(e, k: 3)
        let n = buf.count, (rows, width) = (7, 8), pow = BinaryFunctions.Pow()
        var (fast, general) = ([Double](repeating: 0, count: n), [Double](repeating: 0, count: n))
        var (dFast, dGeneral) = ([Double](repeating: 0, count: 3 * n), [Double](repeating: 0, count: 3 * n))
        var scratch = [Double](repeating: 0, count: 2 * n)
        let block = Block(rows: 0..<rows, cols: 0..<width, width: width, count: n)
        buf.values.withUnsafeBufferPointer { v in
            let lanes = [Lane(base: v.baseAddress!, rowStride: width, colStride: 1, jStride: n),
                         Lane(base: v.baseAddress! + n, rowStride: 0, colStride: 0, jStride: 1)]
            pow.forwardBlock(lanes, &fast, block)
            pow.binaryForwardBlock(lanes, &general, block)
            buf.tangents.withUnsafeBufferPointer { t in
                let dx = [Lane(base: t.baseAddress!, rowStride: width, colStride: 1, jStride: n), lanes[1]]
                for k in [1, 3] {
                    pow.tangentBlock(lanes, fast, dx, [false, true], &dFast, k, block, &scratch)
                    pow.binaryTangentBlock(lanes, fast, dx, [false, true], &dGeneral, k, block, &scratch)
                    #expect(Self.same(dFast, dGeneral), "tangents, exponent \(e), k = \(k)")
                }
            }
        }
        #expect(Self.same(fast, general), "values, exponent \(e)")
    }
}
