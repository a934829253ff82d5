// Issue 19 items 1–2 (LANGUAGE.md §6): save picks .json, .csv or .npy by the extension, and load
// gives back exactly what save wrote; files NumPy wrote load, and NumPy loads what sfn wrote.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNNumerics
@testable import SFNSyntax

@Suite struct DataFormatTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/npy")

    /// Values drawn from a seed (the engine's SplitMix64), so a failing case can be replayed.
    struct Generator {
        var random: SplitMix64
        init(state: UInt64) { random = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { random.next() }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        /// Mostly the doubles that break text formats: −0, subnormals, the extremes, the
        /// non-finite values, and random bit patterns (any finite double).
        mutating func double(nanPayloads: Bool) -> Double {
            let special: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 5e-324, -5e-324, 2.2250738585072009e-308,
                                     .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 1e15, 123456789012345678]
            switch int(4) {
            case 0: return special[int(special.count)]
            case 1 where nanPayloads: return Double(bitPattern: 0x7FF8_0000_0000_0000 | (next() & 0xF_FFFF_FFFF_FFFF) | 1)
            case 1: return Double(int(2001) - 1000) / 8
            default:
                let x = Double(bitPattern: next())
                return x.isFinite ? x : 0.5
            }
        }

        mutating func tensor(maxRank: Int, nanPayloads: Bool) -> Tensor {
            let shape = (0..<int(maxRank + 1)).map { _ in int(5) }
            return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in double(nanPayloads: nanPayloads) })
        }
    }

    static func interpreter() -> Interpreter {
        let sfn = Interpreter()
        sfn.output = { _ in }
        return sfn
    }

    /// The value as a tensor: a number is a 0-d tensor.
    static func tensor(_ v: Value) -> Tensor? {
        switch v {
        case .tensor(let t): return t
        case .number(let x): return Tensor(x)
        default: return nil
        }
    }

    static func sameBits(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)
    }

    // MARK: Round trips

    /// 300 random tensors of rank 0–4 with extents 0–4 (so empty shapes such as (0, 3) and (2, 0, 1)),
    /// holding −0, NaNs with payloads, infinities and subnormals: save then load is bit for bit.
    @Test func npyRoundTripIsBitForBit() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("w.npy").path
        var g = Generator(state: 19)
        let sfn = Self.interpreter()
        for k in 0..<300 {
            let t = g.tensor(maxRank: 4, nanPayloads: true)
            sfn.globals.define("v", t.rank == 0 ? .number(t.scalars[0]) : .tensor(t))
            let back = try sfn.run("save(v, \"\(path)\")\nload(\"\(path)\")")
            let b = try #require(Self.tensor(back), "case \(k): load gave \(back.kindDescription)")
            #expect(Self.sameBits(t, b), "case \(k): shape \(t.shape)")
            if t.rank == 0, case .tensor = back { Issue.record("case \(k): a 0-d array should load as a number") }
        }
    }

    /// The same over JSON (NaN is written "nan", so only the canonical NaN is generated).
    @Test func jsonRoundTripIsExactOverRandomShapes() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.json").path
        var g = Generator(state: 6)
        let sfn = Self.interpreter()
        for k in 0..<300 {
            let t = g.tensor(maxRank: 3, nanPayloads: false)
            let v: Value = t.rank == 0 ? .number(t.scalars[0]) : .tensor(t)
            sfn.globals.define("v", .record(Record([("w", v), ("s", .string("x,\"y\"\n")), ("k", .number(-0.0))])))
            let back = try sfn.run("save(v, \"\(path)\")\nload(\"\(path)\")")
            guard case .record(let r) = back, let w = r["w"], let b = Self.tensor(w) else { Issue.record("case \(k): \(back)"); continue }
            #expect(Self.sameBits(t, b), "case \(k): shape \(t.shape)")
            #expect(r["s"].map { if case .string("x,\"y\"\n") = $0 { true } else { false } } == true)
            #expect(r["k"]?.number?.bitPattern == (-0.0).bitPattern)
        }
    }

    /// Random records of 2–5 equal-length vectors (1–6 rows) saved as .csv and loaded with the last
    /// field as the target: x holds the other columns and y the last, bit for bit.
    @Test func csvRoundTripIsExact() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.csv").path
        var g = Generator(state: 2026)
        let sfn = Self.interpreter()
        for k in 0..<200 {
            let (n, width) = (1 + g.int(6), 2 + g.int(4))
            let columns = (0..<width).map { _ in (0..<n).map { _ in g.double(nanPayloads: false) } }
            let names = (0..<width).map { "c\($0)" }
            sfn.globals.define("v", .record(Record(zip(names, columns).map { ($0, .tensor(Tensor($1))) })))
            let back = try sfn.run("save(v, \"\(path)\")\nload(\"\(path)\", target=\"c\(width - 1)\")")
            guard case .record(let d) = back, case .tensor(let x)? = d["x"], case .tensor(let y)? = d["y"] else {
                Issue.record("case \(k): \(back)"); continue
            }
            let expectedX = Tensor(shape: [n, width - 1], scalars: (0..<n).flatMap { r in (0..<width - 1).map { columns[$0][r] } })
            #expect(Self.sameBits(x, expectedX), "case \(k)")
            #expect(Self.sameBits(y, Tensor(columns[width - 1])), "case \(k)")
            #expect(d["n"]?.number == Double(n))
        }
        // A matrix's columns are x1, x2, …: its first column as the target gives back the rest.
        sfn.globals.define("m", .tensor(Tensor(shape: [2, 3], scalars: [1, -0.0, .nan, .infinity, 5e-324, 0.1])))
        let d = try sfn.run("save(m, \"\(path)\")\nload(\"\(path)\", target=\"x1\")")
        guard case .record(let r) = d, case .tensor(let x)? = r["x"] else { Issue.record("\(d)"); return }
        #expect(Self.sameBits(x, Tensor(shape: [2, 2], scalars: [-0.0, .nan, 5e-324, 0.1])))
    }

    @Test func csvHeaderNamesColumns() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func saved(_ expression: String) throws -> String {
            let path = dir.appendingPathComponent("h.csv").path
            try Conf.run("save(\(expression), \"\(path)\")")
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        #expect(try saved("[1, -0.0, 0.5]") == "x\n1\n-0.0\n0.5\n")
        #expect(try saved("[1, 2; 3, 4]") == "x1,x2\n1,2\n3,4\n")
        #expect(try saved("record(loss=[0.25, nan], lr=[inf, -inf])") == "loss,lr\n0.25,inf\nnan,-inf\n")
        #expect(try saved("zeros(0)") == "x\n")
    }

    // MARK: Errors

    @Test(arguments: [
        ("save(record(a=1), \"F.npy\")", "save: cannot write a record to a .npy file: it holds one tensor (or number) of float64", 12),
        ("save(\"s\", \"F.csv\")", "save: cannot write a string; a .csv file holds a vector, a matrix, or a record of equal-length vectors", 6),
        ("save(record(a=[1, 2], b=[1]), \"F.csv\")", "save: field 'b' has 1 value but 'a' has 2; a .csv file holds a vector, a matrix, or a record of equal-length vectors", 12),
        ("save(record(a=[1, 2], b=\"x\"), \"F.csv\")", "save: field 'b' is a string; a .csv file holds a vector, a matrix, or a record of equal-length vectors", 12),
        ("save(reshape(1:8, 2, 2, 2), \"F.csv\")", "save: cannot write a tensor of shape (2, 2, 2); a .csv file holds a vector, a matrix, or a record of equal-length vectors", 13),
        ("save([1, 2], \"F.txt\")", "save: unknown file extension '.txt': the extension picks the format, one of .json, .csv, .npy", 14),
        ("save([1, 2], \"F\")", "save: 'F' has no extension: the extension picks the format, one of .json, .csv, .npy", 14),
    ])
    func whatAFormatCannotHoldIsALocatedError(_ source: String, _ message: String, _ column: Int) throws {
        let e = try #require(Conf.error(source))
        #expect(e.message == message)
        #expect(e.location.line == 1 && e.location.column == column)
        #expect(!FileManager.default.fileExists(atPath: "F.npy") && !FileManager.default.fileExists(atPath: "F.csv"))
    }

    /// Every format goes through the one atomic replace: a write that fails part way leaves the old file.
    @Test(arguments: ["t.csv", "t.npy"])
    func aFailedSaveLeavesTheOldFile(_ name: String) throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try "the old contents\n".write(toFile: path, atomically: false, encoding: .utf8)
        FileIO.injectedFaults.withLock { $0[path] = 100 }
        defer { _ = FileIO.injectedFaults.withLock { $0.removeValue(forKey: path) } }
        let e = try #require(Conf.error("save(randn(2000), \"\(path)\")"))
        #expect(e.message == "save: cannot write '\(path)': No space left on device")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "the old contents\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [name])
    }

    // MARK: Files NumPy wrote (Tests/Fixtures/npy, scripts/make-npy-fixtures.py)

    @Test(arguments: [
        ("f8.npy", [2, 3], [1.5, -0.0, .nan, .infinity, -.infinity, 5e-324]),
        ("f8_big_endian.npy", [3], [1, -2.5, 1e300]),
        ("f8_scalar.npy", [], [3.25]),
        ("f8_empty.npy", [0, 3], []),
        ("f8_fortran.npy", [2, 3, 4], (0..<24).map(Double.init)),
        ("f4.npy", [3], [Double(Float(0.1)), -0.25, 3]),
        ("i8.npy", [3], [-3, 0, 1_099_511_627_776]),
        ("i4_fortran.npy", [2, 3], [-2, -1, 0, 1, 2, 3]),
        ("u1.npy", [3], [0, 255, 7]),
        ("b1.npy", [3], [1, 0, 1]),
        ("f8_v2.npy", [2], [1, 2]),
        ("f8_v3.npy", [2, 1], [1, 2]),
    ] as [(String, [Int], [Double])])
    func numpyWrittenFilesLoad(_ name: String, _ shape: [Int], _ values: [Double]) throws {
        let path = Self.fixtures.appendingPathComponent(name).path
        let v = try Conf.value("load(\"\(path)\")")
        if shape.isEmpty, case .tensor = v { Issue.record("a 0-d array should load as a number") }
        let t = try #require(Self.tensor(v))
        #expect(Self.sameBits(t, Tensor(shape: shape, scalars: values)), "\(t.shape) \(t.scalars)")
    }

    @Test(arguments: [
        ("object.npy", nil, "it holds an object array (dtype '|O'); load reads arrays of numbers (float64, float32, integers of 1, 2, 4 or 8 bytes, bool)"),
        ("complex.npy", nil, "dtype '<c16' is not supported (float64, float32, integers of 1, 2, 4 or 8 bytes, bool)"),
        ("f8.npy", 150, "the file is truncated: shape [2, 3] of <f8 needs 48 bytes of data, it has 22"),
        ("f8.npy", 100, "the file is truncated in its header (118 bytes announced, 90 present)"),
        ("f8.npy", 4, "it does not start with the .npy magic bytes \\x93NUMPY"),
    ] as [(String, Int?, String)])
    func unreadableNPYIsALocatedError(_ name: String, _ keep: Int?, _ reason: String) throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        if let keep { bytes = bytes.prefix(keep) }
        let path = dir.appendingPathComponent("bad.npy").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let e = try #require(Conf.error("w = load(\"\(path)\")"))
        #expect(e.message == "load: '\(path)' is not a .npy file load can read: \(reason)")
        #expect(e.location.column == 10)
    }

    @Test func aNewerFormatVersionIsRefused() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("f8.npy")))
        bytes[6] = 4
        let path = dir.appendingPathComponent("v4.npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(Conf.error("load(\"\(path)\")")?.message.hasSuffix("format version 4.0 is not supported (1.0, 2.0 and 3.0 are)") == true)
    }

    // MARK: NumPy reads what sfn wrote (skipped where python3 has no NumPy, as on a bare CI)

    static let numpyAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// sfn writes tensors of several shapes (0-d, empty, 3-D, special values); NumPy loads each and
    /// compares bit for bit with the array it builds itself, and np.save of that array gives the
    /// same bytes as sfn's file.
    @Test(.enabled(if: numpyAvailable, "python3 with NumPy is not installed"))
    func numpyLoadsWhatSfnWrote() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Conf.run("""
            save(7, "\(dir.path)/a.npy")
            save([1, -0.0, 5e-324, nan, inf, -inf, 1/3], "\(dir.path)/b.npy")
            save(zeros(0, 3), "\(dir.path)/c.npy")
            save(reshape(1:24, 2, 3, 4), "\(dir.path)/d.npy")
            save([1, 2; 3, 4], "\(dir.path)/e.npy")
            """)
        let script = """
            import io, sys, numpy as np
            d = sys.argv[1]
            expected = {
                "a": np.float64(7),
                "b": np.array([1, -0.0, 5e-324, np.nan, np.inf, -np.inf, 1/3]),
                "c": np.zeros((0, 3)),
                "d": np.arange(1.0, 25.0).reshape(2, 3, 4),
                "e": np.array([[1.0, 2.0], [3.0, 4.0]]),
            }
            for name, want in expected.items():
                got = np.load(f"{d}/{name}.npy")
                assert got.dtype == np.float64 and got.shape == want.shape, (name, got.dtype, got.shape)
                assert got.tobytes() == np.asarray(want, dtype="<f8").tobytes(), (name, got)
                b = io.BytesIO(); np.save(b, want)
                assert b.getvalue() == open(f"{d}/{name}.npy", "rb").read(), (name, "bytes differ from np.save")
            print("ok")
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0 && said == "ok\n", "\(complaint)")
    }
}
