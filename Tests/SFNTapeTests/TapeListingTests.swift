// The tape's one-instruction-per-line listing (Tape.debugDescription), on the README's toy.
import Testing
import SFNTape
import SFNNumerics

@Suite struct TapeListingTests {
    @Test func theToysValueTapeListsEachInstruction() throws {
        // f(x, y) = x² − y² + y⁴/4 on θ = (x, y) as one vector.
        let f = try CompiledObjective(parameters: [[2]]) { g, p in
            let v = Var(g, p[0])
            let x = v[0], y = v[1]
            return (x * x - y * y + y.pow(4) / 4).node
        }
        let listing = f.debugDescription
        let value = listing.components(separatedBy: "\n\n")[0].split(separator: "\n")
        // A header, one line per instruction, the outputs.
        #expect(value.count == f.instructionCounts.value + 2, "\(listing)")
        #expect(value[0].hasPrefix("value tape: \(f.instructionCounts.value) instructions"))
        #expect(value.last?.hasPrefix("outputs: s") == true)
        // Every instruction of this scalar objective runs inline and carries tangents.
        for line in value.dropFirst().dropLast() {
            #expect(line.hasSuffix("inline"), "\(line)")
            #expect(line.contains("~ "), "\(line)")
        }
        #expect(listing.contains("gradient tape: \(f.instructionCounts.gradient) instructions"))
        // The listing is of the tape that evaluates: f(1, 2) = 1 − 4 + 4.
        #expect(f.value(at: [1, 2]) == 1)
    }
}
