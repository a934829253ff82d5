// Issue 18, item 10: what users of Julia, MATLAB, Python and NumPy type by habit fails with a hint
// that says what to write in sfn (raised by the parser where the error is found).
import Testing
@testable import SFNSyntax

@Suite struct HabitHintTests {
    func failure(_ text: String) -> String {
        do { _ = try Parser.parse(SourceText(name: "t.sfn", text: text)); return "no error" } catch {
            return "\(error.location.line):\(error.location.column) \(error.message)"
        }
    }

    @Test func dottedPowerSaysPowerIsElementwise() {
        #expect(failure("x .^ 2") == "1:4 '.^' is not an operator: sfn's '^' is elementwise; write x^2")
        #expect(failure("y = x.^2") == "1:7 '.^' is not an operator: sfn's '^' is elementwise; write x^2")
        #expect(failure("a .* b") == "1:4 '.*' is not an operator: sfn's '*' is elementwise; write a * b")
        #expect(failure("a ./ b") == "1:4 './' is not an operator: sfn's '/' is elementwise; write a / b")
        // A dot before something else is still a missing field name.
        #expect(failure("r. ^2") == "1:4 expected a field name after '.', found '^'")
        #expect(failure("r.(1)") == "1:3 expected a field name after '.', found '('")
    }

    @Test func doubleStarSaysWriteCaret() {
        #expect(failure("x**2") == "1:3 '**' is not an operator; write x^2 for a power")
        #expect(failure("y = 2 ** 3") == "1:8 '**' is not an operator; write x^2 for a power")
        #expect(failure("1 * ]") == "1:5 expected an expression, found ']'")
    }

    @Test func spaceSeparatedElementsSayUseCommas() {
        #expect(failure("[1 2 3]") == "1:4 expected ',', ';' or ']' to close '[' at 1:1, found '2'; separate elements with commas: [1, 2, 3]")
        #expect(failure("v = [x y]") == "1:8 expected ',', ';' or ']' to close '[' at 1:5, found 'y'; separate elements with commas: [1, 2, 3]")
        // Across a line break the hint would mislead (the bracket was probably left open).
        #expect(!failure("v = [1, 2\nw = 3]").contains("separate elements"))
        #expect(failure("[1, 2)") == "1:6 expected ',', ';' or ']' to close '[' at 1:1, found ')'")
    }
}
