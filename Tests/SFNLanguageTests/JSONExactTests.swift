// Issue 17 item 7: save writes JSON that loses nothing: every double exactly (−0 included), and
// the shape of empty tensors.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNNumerics

@Suite struct JSONExactTests {
    static let edgeValues: [Double] = [
        -0.0, 0.0, 0.1, 1.0 / 3, -2.5e-7, Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
        9007199254740994, 1e15, 123456789012345.6, 999999999999999, -1e16, 0.30000000000000004, .pi,
    ]

    /// Each value is written as text that reads back to the same bits (the sign of zero too).
    @Test func numbersAreExact() throws {
        for x in Self.edgeValues {
            let text = JSONWriter.number(x)
            let back = try #require(Double(text), "\(x) written as \(text)")
            #expect(back.bitPattern == x.bitPattern, "\(x) written as \(text)")
        }
        let written = try JSONWriter.encode(.tensor(Tensor(Self.edgeValues)))
        let inner = written.trimmingCharacters(in: CharacterSet(charactersIn: "[]\n"))
        let back = inner.split(separator: ", ").compactMap { Double($0) }
        #expect(back.map(\.bitPattern) == Self.edgeValues.map(\.bitPattern))
    }

    /// JSON readers read `-0` as the integer 0; `-0.0` is a float with its sign.
    @Test func negativeZeroIsWrittenAsAFloat() throws {
        #expect(try JSONWriter.encode(.number(-0.0)) == "-0.0\n")
        #expect(try JSONWriter.encode(.number(0)) == "0\n")
        let parsed = try JSONSerialization.jsonObject(with: Data("[-0.0]".utf8), options: []) as? [Double]
        #expect(parsed?.first?.sign == .minus)
    }

    @Test func emptyShapesAreKept() throws {
        func saved(_ source: String) throws -> String {
            guard case .tensor(let t) = try Interpreter().run(source) else { throw CancellationError() }
            return try JSONWriter.encode(.tensor(t))
        }
        #expect(try saved("zeros(0, 3)") == "{\n  \"shape\": [0, 3],\n  \"data\": []\n}\n")
        #expect(try JSONWriter.encode(.tensor(Tensor(shape: [2, 0, 4], scalars: []))).contains("\"shape\": [2, 0, 4]"))
        // Shapes that nested arrays show stay nested arrays.
        #expect(try saved("zeros(3, 0)") == "[\n  [],\n  [],\n  []\n]\n")
        #expect(try saved("zeros(0)") == "[]\n")
        // Inside a record, the object is indented with it.
        #expect(try JSONWriter.encode(.record(Record([("e", .tensor(Tensor(shape: [0, 2], scalars: [])))])))
                == "{\n  \"e\": {\n    \"shape\": [0, 2],\n    \"data\": []\n  }\n}\n")
    }
}
