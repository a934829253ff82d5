// `import "name"`: a stdlib module by name, or a file relative to the importing file. Each module
// runs once, in the global scope; a cycle is reported with its chain.
import Foundation
import SFNSyntax

extension Interpreter {
    func importModule(_ name: String, at location: SourceLocation) throws {
        let key: String, sourceName: String, text: () throws -> String
        if let builtin = Stdlib.modules[name] {
            key = "stdlib:" + name
            sourceName = "<stdlib>/" + name + ".sfn"
            text = { builtin }
        } else {
            let path = resolveImport(name, from: location.file)
            key = path
            sourceName = path
            text = { try self.readSource(path: path, at: location) }
        }
        if loadedModules.contains(key) { return }
        if let start = importChain.firstIndex(of: key) {
            let chain = (importChain[start...] + [key]).map(displayName(ofModule:))
            throw SFNError("import cycle: " + chain.joined(separator: " -> "), at: location)
        }
        let source = SourceText(name: sourceName, text: try text())
        sources[sourceName] = source
        importChain.append(key)
        defer { importChain.removeLast() }
        let program = try Parser.parse(source)
        // Modules define things; they display nothing.
        _ = try withSourceLines { try execute(program.statements, in: globals) }
        loadedModules.insert(key)
    }

    /// A path relative to the directory of the importing file (or to the working directory for
    /// input that is not a file), with `.sfn` added when the name has no extension.
    func resolveImport(_ name: String, from importer: String) -> String {
        var file = name
        if (file as NSString).pathExtension.isEmpty { file += ".sfn" }
        if file.hasPrefix("/") { return (file as NSString).standardizingPath }
        let fm = FileManager.default
        var dir = fm.currentDirectoryPath
        if !importer.hasPrefix("<"), fm.fileExists(atPath: importer) {
            dir = ((importer as NSString).deletingLastPathComponent as NSString).expandingTildeInPath
            if !dir.hasPrefix("/") { dir = (fm.currentDirectoryPath as NSString).appendingPathComponent(dir) }
        }
        return ((dir as NSString).appendingPathComponent(file) as NSString).standardizingPath
    }

    private func displayName(ofModule key: String) -> String {
        key.hasPrefix("stdlib:") ? String(key.dropFirst(7)) : (key as NSString).lastPathComponent
    }

    /// A file's text, or a located error: at `location` when the file cannot be read, at the first
    /// byte that is not UTF-8 (with its line and a caret) when it is not text.
    func readSource(path: String, at location: SourceLocation) throws -> String {
        let bytes: [UInt8]
        do { bytes = try CommandContext(self).readFile(path) } catch {
            throw SFNError("cannot read file '\(path)': \(error)", at: location)
        }
        return try sourceText(bytes, file: path)
    }

    /// Script bytes as text, or the error located at the first byte that is not UTF-8.
    func sourceText(_ bytes: [UInt8], file: String) throws -> String {
        switch UTF8Text.decode(bytes) {
        case .success(let text): return text
        case .failure(let bad): throw bad.error(file: file)
        }
    }
}
