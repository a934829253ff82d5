// Issue 18, items 1, 2, 3, 6, 7 and 8 through the built `sfn` reading a pipe (the terminal-only
// behaviour is in ReplTerminalTests): `ans`, `?name` and `help(name)`, `:time`, `sfn -i`, `:load`
// naming what it rebinds, no colour when piped, the prompt's short display and `:precision`.
import Foundation
import Testing
@testable import SFNLanguage

@Suite(.enabled(if: CLI.available, "no built sfn executable"))
struct ReplFeatureTests {
    @Test func ansIsTheLastValueShown() throws {
        let r = try CLI.run([], stdin: "2 + 3\nans * 10\nx = 1;\n7;\nans + 1\n")
        // An assignment and a silent statement show nothing, so they leave ans alone.
        #expect(r.stdout == "5\n50\n51\n")
        #expect(r.stderr == "")
        // Scripts have no ans (as in Julia): the name is unknown there.
        let s = try CLI.run(["-e", "2 + 3\nans"])
        #expect(s.status == 1 && s.stderr.contains("unknown name 'ans'"))
    }

    @Test func questionMarkAndHelpShowTheBuiltinsHelp() throws {
        let r = try CLI.run([], stdin: "?classify\n:help classify\nhelp(classify)\nhelp(\"classify\")\n")
        let block = "classify(f, x, tol=1e-6, gtol=1e-6)"
        #expect(r.stdout.components(separatedBy: block).count == 5)   // four times the same help
        #expect(r.stderr == "")
        // help() works in scripts too, from the same table.
        let s = try CLI.run(["-e", "help(sfn)\nf(x) = x\nhelp(f)\nhelp()"])
        #expect(s.status == 0)
        #expect(s.stdout.hasPrefix("sfn(f, x0, damping=\"auto\""))
        #expect(s.stdout.contains("function f(x), defined at <-e>:2:1"))
        #expect(s.stdout.contains("  grad(f, x) "))
        // A REPL command by its name, unless a built-in has that name.
        let commands = try CLI.run([], stdin: "?time\n:help :load\n?load\n")
        #expect(commands.stdout.hasPrefix(":time expr\n    runs expr"))
        #expect(commands.stdout.contains(":load file.sfn\n    runs a script"))
        #expect(commands.stdout.contains("load(file, target=\"label\", onehot=false)\n"))
        let unknown = try CLI.run([], stdin: "?hesian\n")
        #expect(unknown.stdout == "no help for 'hesian'; did you mean 'hessian'? help() lists the built-ins\n")
    }

    @Test func timePrintsWallTimeAndACommandsWork() throws {
        let r = try CLI.run([], stdin: """
            f(x, y) = x^2 - y^2 + y^4/4
            :time r = sfn(f, [1, 0.001], quiet=true)
            :time 1 + 1
            :time r.evals
            """ + "\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(r.stdout)")
        guard lines.count == 5 else { return }
        // The record bound by the assignment gives the counts.
        #expect(lines[0].wholeMatch(of: /time: [0-9.]+ (s|ms|µs), [0-9]+ evals, [0-9]+ hvps/) != nil, "\(lines[0])")
        #expect(lines[1] == "2")
        #expect(lines[2].wholeMatch(of: /time: [0-9.]+ (s|ms|µs)/) != nil, "\(lines[2])")
        let evals = lines[0].split(separator: " ")[3]
        #expect(lines[3] == evals)
        #expect(r.stderr == "")
    }

    @Test func dashIRunsTheScriptThenStaysAtThePrompt() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = try Conf.write("f(x) = (x - 3)^2\nz = 5\nz * 2\n", to: "s.sfn", in: dir)
        let r = try CLI.run(["-i", script], stdin: "z + 1\nf(4)\nans + 1\n")
        #expect(r.stdout == "10\n6\n1\n2\n")
        #expect(r.status == 0)
        // An error in the script is reported, and the prompt still comes.
        let bad = try Conf.write("y = 1\nboom(2)\n", to: "bad.sfn", in: dir)
        let e = try CLI.run(["-i", bad], stdin: "y + 1\n")
        #expect(e.stdout == "2\n")
        #expect(e.stderr.contains("bad.sfn:2:1: error: unknown name 'boom'"))
        #expect(try CLI.run(["-i"]).status == 2)
        #expect(try CLI.run(["-i", script, script]).status == 2)
    }

    @Test func loadNamesTheBindingsItReplaces() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lib = try Conf.write("a = 1\nb = 2\nf(x) = x\n", to: "lib.sfn", in: dir)
        let r = try CLI.run([], stdin: "a = 0\nf(x) = 2 * x\nc = 3\n:load \(lib)\n:load \(lib)\n")
        let notes = r.stdout.split(separator: "\n")
        // In the order the names were first bound.
        #expect(notes == ["(\(lib) rebound a, f)", "(\(lib) rebound a, f, b)"])
    }

    @Test func pipedOutputHasNoColour() throws {
        let r = try CLI.run([], stdin: "fo(1)\nprint(\"sfn: note: plain\")\n")
        #expect(r.stderr.contains("error: unknown name"))
        #expect(!r.stderr.contains("\u{1B}[") && r.stdout == "sfn: note: plain\n")
    }

    @Test func thePromptShowsSixDigitsAndPrecisionChangesIt() throws {
        let r = try CLI.run([], stdin: "sqrt(2)\nprint(sqrt(2))\n:precision full\nsqrt(2)\nprint(sqrt(2))\n:precision 3\nsqrt(2)\n:precision\n")
        #expect(r.stdout == "1.41421\n1.41421\n1.4142135623730951\n1.4142135623730951\n1.41\nshowing 3 significant digits\n")
        // Piped, the display fits 80 columns (Julia's fallback): a 5×40 matrix elides its middle.
        let wide = try CLI.run([], stdin: "randn(5, 40)\n")
        let rows = wide.stdout.split(separator: "\n")
        #expect(rows.count == 5 && rows.allSatisfy { $0.count <= 80 && $0.contains("…") })
        // Scripts display exactly.
        #expect(try CLI.run(["-e", "sqrt(2)"]).stdout == "1.4142135623730951\n")
    }
}

@Suite struct TerminalStyleTests {
    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(TerminalStyle.usesColour(isTerminal: true, environment: [:]))
        #expect(!TerminalStyle.usesColour(isTerminal: false, environment: [:]))
        #expect(!TerminalStyle.usesColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!TerminalStyle.usesColour(isTerminal: true, environment: ["NO_COLOR": "0"]))   // any value
        #expect(TerminalStyle.usesColour(isTerminal: true, environment: ["NO_COLOR": ""]))     // but not empty
    }

    @Test func errorsAndNotesAreColouredInPlace() {
        let e = TerminalStyle.colouredError("<repl:1>:1:1: error: unknown name 'fo'\nfo(1)\n^")
        #expect(e == "<repl:1>:1:1: \u{1B}[1;31merror:\u{1B}[0m unknown name 'fo'\nfo(1)\n\u{1B}[1;32m^\u{1B}[0m")
        #expect(TerminalStyle.colouredNotes("sfn: note: 3001 parameters\n") == "sfn: \u{1B}[1;33mnote:\u{1B}[0m 3001 parameters\n")
        #expect(TerminalStyle.colouredNotes("f = 1\n") == "f = 1\n")
        #expect(TerminalStyle.readlinePrompt("sfn> ", colour: TerminalStyle.boldGreen) == "\u{1}\u{1B}[1;32m\u{2}sfn> \u{1}\u{1B}[0m\u{2}")
    }
}
