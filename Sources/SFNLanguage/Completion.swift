// Tab completion at the prompt, as a pure function of the line and the cursor (the REPL's readline
// glue only translates it), so that it is tested without a terminal and a notebook can reuse it.
import Foundation
import SFNSyntax

/// What Tab offers at a cursor: the matches replace the line's characters `start..<cursor`.
public struct Completion: Equatable, Sendable {
    /// The character offset where the word being completed starts.
    public var start: Int
    /// The candidates, sorted, each a whole replacement for the word.
    public var matches: [String]
    /// What follows a single match: a space after a name or command, a closing quote after a file
    /// name in a string, nothing after a directory, a field or `name=`.
    public var terminator: String

    public init(start: Int, matches: [String], terminator: String) {
        self.start = start; self.matches = matches; self.terminator = terminator
    }
}

/// The completion rules, in the order they are tried:
///
/// - `:he` at the start of the line: the REPL commands (`:help`);
/// - after `:load ` a file path, after `:help ` or `?` a built-in or variable name, after `:time `
///   whatever an expression may hold;
/// - inside an unclosed string: a file path (`load("data/di` → `load("data/digits.csv`);
/// - after `r.` (a chain of names bound to records): the record's fields;
/// - a name: variables, built-ins and keywords, and inside a call of a built-in also its parameter
///   names as `name=` (`sfn(f, x, da` → `damping=`).
package enum Completer {
    package static func complete(_ line: String, cursor: Int, interpreter: Interpreter, commands: [String],
                                 directory: String = FileManager.default.currentDirectoryPath) -> Completion {
        let chars = Array(line.prefix(max(0, cursor)))
        let after = line.dropFirst(chars.count).first
        var leading = 0
        while leading < chars.count, chars[leading] == " " { leading += 1 }
        let rest = String(chars[leading...])
        if rest.hasPrefix(":") {
            guard let space = rest.firstIndex(of: " ") else {
                return Completion(start: leading, matches: commands.filter { $0.hasPrefix(rest) }.sorted(), terminator: " ")
            }
            let command = String(rest[..<space])
            let argumentStart = leading + rest.distance(from: rest.startIndex, to: space) + 1
            let argument = String(chars[argumentStart...])
            switch command {
            case ":load", ":l":
                return paths(argument, start: argumentStart, directory: directory, closing: "")
            case ":help", ":h":
                return helpTopics(Array(argument), offset: argumentStart, interpreter: interpreter)
            case ":time":
                break  // an expression follows: complete it as one
            default:
                return Completion(start: chars.count, matches: [], terminator: "")
            }
        } else if rest.hasPrefix("?") {
            return helpTopics(Array(rest.dropFirst()), offset: leading + 1, interpreter: interpreter)
        }
        if let quote = openStringStart(chars) {
            let partial = String(chars[(quote + 1)...])
            return paths(partial, start: quote + 1, directory: directory, closing: after == "\"" ? "" : "\"")
        }
        var wordStart = chars.count
        while wordStart > 0, isNameCharacter(chars[wordStart - 1]) { wordStart -= 1 }
        let word = String(chars[wordStart...])
        if wordStart > 0, chars[wordStart - 1] == "." {
            let fields = recordFields(before: wordStart - 1, in: chars, interpreter: interpreter)
            return Completion(start: wordStart, matches: fields.filter { $0.hasPrefix(word) }.sorted(), terminator: "")
        }
        if let first = word.first, first.isNumber { return Completion(start: wordStart, matches: [], terminator: "") }
        var names = Set(interpreter.completionNames + keywords)
        var arguments: [String] = []
        if let callee = enclosingCall(before: wordStart, in: chars), let builtin = builtin(named: callee, interpreter) {
            arguments = builtin.parameters.map { $0.name + "=" }.filter { $0.hasPrefix(word) }
        }
        names = names.filter { $0.hasPrefix(word) }
        let matches = Array(Set(arguments).union(names)).sorted()
        let terminator = matches.count == 1 && matches[0].hasSuffix("=") ? "" : " "
        return Completion(start: wordStart, matches: matches, terminator: terminator)
    }

    /// Keywords a user may start typing where a name goes.
    static let keywords = ["if", "then", "else", "for", "in", "and", "or", "not", "assert", "import"]

    static func isNameCharacter(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    /// Built-in names and variables for `:help` and `?`.
    static func helpTopics(_ chars: [Character], offset: Int, interpreter: Interpreter) -> Completion {
        var start = chars.count
        while start > 0, isNameCharacter(chars[start - 1]) { start -= 1 }
        let word = String(chars[start...])
        let matches = interpreter.completionNames.filter { $0.hasPrefix(word) }
        return Completion(start: offset + start, matches: matches, terminator: "")
    }

    /// The offset of the quote that opens a string still open at the end of `chars`, if any
    /// (escapes are skipped, and a `#` outside a string starts a comment).
    static func openStringStart(_ chars: [Character]) -> Int? {
        var open: Int? = nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let _ = open {
                if c == "\\" { i += 1 } else if c == "\"" { open = nil }
            } else if c == "\"" {
                open = i
            } else if c == "#" {
                return nil
            }
            i += 1
        }
        return open
    }

    /// The fields of the record named by the chain of names ending just before `dot` (`s.inner.`).
    static func recordFields(before dot: Int, in chars: [Character], interpreter: Interpreter) -> [String] {
        var chain: [String] = []
        var end = dot
        while true {
            var start = end
            while start > 0, isNameCharacter(chars[start - 1]) { start -= 1 }
            guard start < end, !chars[start].isNumber else { return [] }
            chain.insert(String(chars[start..<end]), at: 0)
            guard start > 0, chars[start - 1] == "." else { break }
            end = start - 1
        }
        guard var value = interpreter.global(chain[0]) else { return [] }
        for name in chain.dropFirst() {
            guard case .record(let r) = value, let next = r[name] else { return [] }
            value = next
        }
        guard case .record(let r) = value else { return [] }
        return r.names
    }

    /// The name called by the innermost call still open before `position` (`sfn(f, x, ` → `sfn`),
    /// when the cursor is where an argument starts.
    static func enclosingCall(before position: Int, in chars: [Character]) -> String? {
        var i = position - 1
        while i >= 0, chars[i] == " " { i -= 1 }
        guard i >= 0, chars[i] == "(" || chars[i] == "," else { return nil }
        var depth = 0
        var inString = false  // no string is open at the cursor, so quotes pair up walking back
        while i >= 0 {
            let c = chars[i]
            if c == "\"" { inString.toggle() }
            if !inString {
                if c == ")" || c == "]" || c == "}" { depth += 1 }
                if c == "[" || c == "{" { if depth == 0 { return nil }; depth -= 1 }
                if c == "(" {
                    if depth == 0 {
                        var end = i
                        while end > 0, chars[end - 1] == " " { end -= 1 }
                        var start = end
                        while start > 0, isNameCharacter(chars[start - 1]) { start -= 1 }
                        return start < end ? String(chars[start..<end]) : nil
                    }
                    depth -= 1
                }
            }
            i -= 1
        }
        return nil
    }

    /// The built-in a name calls: its binding when that is a built-in function, else the registry's.
    static func builtin(named name: String, _ interpreter: Interpreter) -> Builtin? {
        if let v = interpreter.global(name) {
            if case .function(let f) = v, case .builtin(let b) = f.body { return b }
            return nil
        }
        return interpreter.builtins[name]
    }

    /// Files and directories whose path starts with `partial` (relative to `directory` unless
    /// absolute; `~/` is the home directory); a directory ends in `/`. Hidden entries only when the
    /// name being typed starts with a dot.
    static func paths(_ partial: String, start: Int, directory: String, closing: String) -> Completion {
        let slash = partial.lastIndex(of: "/")
        let folder = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var base = folder
        if base.hasPrefix("~/") { base = NSHomeDirectory() + base.dropFirst(1) }
        if !base.hasPrefix("/") { base = directory + "/" + base }
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: base)) ?? []
        let matches = entries.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory)
            return folder + name + (isDirectory.boolValue ? "/" : "")
        }.sorted()
        let terminator = matches.count == 1 && !matches[0].hasSuffix("/") ? closing : ""
        return Completion(start: start, matches: matches, terminator: terminator)
    }
}
