import Testing
@testable import SFNSyntax

@Suite struct ParserTests {
    // Row by row through LANGUAGE.md §3, tightest first.

    @Test func row1Postfix() throws {
        #expect(try tree("f(a, b, name=v)") == "(call f a b (= name v))")
        #expect(try tree("x[i]") == "(index x i)")
        #expect(try tree("A[i, j]") == "(index A i j)")
        #expect(try tree("x[2:4]") == "(index x (: 2 4))")
        #expect(try tree("A[:, 1]") == "(index A : 1)")
        #expect(try tree("A[1, :]") == "(index A 1 :)")
        #expect(try tree("x[end]") == "(index x end)")
        #expect(try tree("x[2:end]") == "(index x (: 2 end))")
        #expect(try tree("x[end - 1]") == "(index x (- end 1))")
        #expect(try tree("r.x") == "(. r x)")
        #expect(try tree("A'") == "(' A)")
        #expect(try tree("r.w[1]'(2).y") == "(. (call (' (index (. r w) 1)) 2) y)")
        #expect(try tree("f()") == "(call f)")
        #expect(try tree("A' * B'") == "(* (' A) (' B))")
    }

    @Test func row2Power() throws {
        #expect(try tree("2^3^2") == "(^ 2 (^ 3 2))")
        #expect(try tree("-x^2") == "(- (^ x 2))")
        #expect(try tree("2^-1") == "(^ 2 (- 1))")
        #expect(try tree("2^-x^2") == "(^ 2 (- (^ x 2)))")
        #expect(try tree("2^-1*3") == "(* (^ 2 (- 1)) 3)")
        #expect(try tree("A'^2") == "(^ (' A) 2)")
        #expect(try tree("x[1]^2") == "(^ (index x 1) 2)")
    }

    @Test func row3Unary() throws {
        #expect(try tree("-a * b") == "(* (- a) b)")
        #expect(try tree("--a") == "(- (- a))")
        #expect(try tree("not a and b") == "(and (not a) b)")
        #expect(try tree("not a == b") == "(== (not a) b)")
        #expect(try tree("a * -b") == "(* a (- b))")
        #expect(try tree("-a + b") == "(+ (- a) b)")
    }

    @Test func row4And5Arithmetic() throws {
        #expect(try tree("a + b * c") == "(+ a (* b c))")
        #expect(try tree("a - b - c") == "(- (- a b) c)")
        #expect(try tree("a / b * c @ d") == "(@ (* (/ a b) c) d)")
        #expect(try tree("a * b @ c") == "(@ (* a b) c)")
        #expect(try tree("A @ x + b") == "(+ (@ A x) b)")
        #expect(try tree("(a + b) * c") == "(* (+ a b) c)")
    }

    @Test func row6Range() throws {
        #expect(try tree("1:3+1") == "(: 1 (+ 3 1))")
        #expect(try tree("1:2:10") == "(: 1 2 10)")
        #expect(try tree("a-1:b*2") == "(: (- a 1) (* b 2))")
        #expect(try tree("1:n < 3") == "(< (: 1 n) 3)")
        #expect(failure("1:2:3:4") == "1:6 a range has at most three parts (lo:hi or lo:step:hi)")
    }

    @Test func row7Comparison() throws {
        #expect(try tree("a + 1 < b") == "(< (+ a 1) b)")
        for op in ["<", "<=", ">", ">=", "==", "!="] {
            #expect(try tree("a \(op) b") == "(\(op) a b)")
        }
        #expect(failure("a < b < c") == "1:7 comparisons do not chain: write a < b and b < c")
    }

    @Test func row8AndOr() throws {
        #expect(try tree("a < b and c") == "(and (< a b) c)")
        #expect(try tree("a or b and c") == "(or a (and b c))")
        #expect(try tree("a and b or c") == "(or (and a b) c)")
        #expect(try tree("a or b or c") == "(or (or a b) c)")
    }

    @Test func row9Conditional() throws {
        #expect(try tree("if a then b else c") == "(if a b c)")
        #expect(try tree("y = if a < 0 then -a else a + 1") == "(= y (if (< a 0) (- a) (+ a 1)))")
        #expect(try tree("1 + if c then 2 else 3 + 4") == "(+ 1 (if c 2 (+ 3 4)))")
        #expect(try tree("if a then b else if c then d else e") == "(if a b (if c d e))")
        #expect(try tree("if a then {1} else {x = 2; x}") == "(if a (block 1) (block (= x 2) x))")
    }

    // Statements (§4).

    @Test func statements() throws {
        #expect(try tree("x = 1 + 2") == "(= x (+ 1 2))")
        #expect(try tree("f(x, y) = x * y") == "(def f (x y) (* x y))")
        #expect(try tree("g() = 1") == "(def g () 1)")
        #expect(try tree("f(x) = { y = x^2\n y + 1 }") == "(def f (x) (block (= y (^ x 2)) (+ y 1)))")
        #expect(try tree("x + 1") == "(+ x 1)")
        #expect(try tree("x + 1;") == "(silent (+ x 1))")
        #expect(try tree("assert x > 0") == "(assert (> x 0))")
        #expect(try tree("assert x > 0, \"x must be positive\"") == "(assert (> x 0) \"x must be positive\")")
        #expect(try tree("import \"saddles\"") == "(import \"saddles\")")
        #expect(try tree("for i in 1:10 { s = s + i }") == "(for i (: 1 10) ((= s (+ s i))))")
        #expect(try tree("if x < 0 { y = 1 } else { y = 2 }") == "(if (< x 0) ((= y 1)) ((= y 2)))")
        #expect(try tree("if a { 1 }") == "(if a (1))")
        #expect(try tree("if a { 1 } else if b { 2 } else { 3 }") == "(if a (1) ((if b (2) (3))))")
        #expect(try tree("if a {\n 1\n}\nelse {\n 2\n}") == "(if a (1) (2))")
        #expect(try tree("if a\n{ 1 }") == "(if a (1))")
        #expect(try tree("if a { 1 } else\n{ 2 }") == "(if a (1) (2))")
        #expect(try tree("for i in x\n{\n}") == "(for i x ())")
        // An `if` statement is told from an `if` expression by what follows the condition.
        #expect(try tree("if c then a else b") == "(if c a b)")
        #expect(failure("if c then f else g = 1").hasPrefix("1:1 invalid assignment target"))
    }

    @Test func indexedAssignment() throws {
        #expect(try tree("x[2] = 5") == "(=[] x 2 5)")
        #expect(try tree("A[i, j] = v + 1") == "(=[] A i j (+ v 1))")
        #expect(try tree("x[2:3] = [7, 8]") == "(=[] x (: 2 3) [7 8])")
        #expect(try tree("A[:, 1] = [1, 2]") == "(=[] A : 1 [1 2])")
        #expect(try tree("A[1, :] = 0") == "(=[] A 1 : 0)")
        #expect(try tree("x[end] = 1") == "(=[] x end 1)")
        #expect(try tree("x[end - 1:end] =\n 0") == "(=[] x (: (- end 1) end) 0)")
        #expect(try tree("L[2] = \"b\"; L") == "(=[] L 2 \"b\") | L")
        #expect(try tree("f(w) = { v = w; v[1] = 0; sum(v) }") == "(def f (w) (block (= v w) (=[] v 1 0) (call sum v)))")
        #expect(try tree("for i in 1:3 { x[i] = i }") == "(for i (: 1 3) ((=[] x i i)))")
        // Locations: the statement at the name, the index at its '[', the value at its start.
        let p = try parse("y = 1\n  xs[end] = 2 + y")
        guard case .indexAssign(let name, _, let value, let index) = p.statements[1].kind else {
            Issue.record("not an indexed assignment"); return
        }
        #expect(name == "xs")
        #expect(at(p.statements[1].location) == "2:3")
        #expect(at(index) == "2:5")
        #expect(at(value.location) == "2:15")
        // Only a plain name can be indexed on the left.
        let nested = "invalid assignment target: only elements of a plain name can be assigned (x[i] = …); to change r.x[1] or x[1][2], copy the inner value to a name, assign into it, and rebuild the outer value"
        #expect(failure("r.x[1] = 0") == "1:1 " + nested)
        #expect(failure("x[1][2] = 0") == "1:1 " + nested)
        #expect(failure("f(1)[2] = 0") == "1:1 " + nested)
        #expect(failure("x'[1] = 0") == "1:1 " + nested)
        #expect(failure("(x)[1] = 0").hasPrefix("1:1 invalid assignment target: only a name (x = …), an element (x[i] = …)"))
        // An unfinished right side asks the REPL for more input.
        #expect(parseError("x[1] =")?.isIncompleteInput == true)
        #expect(parseError("x[1 = 2")?.isIncompleteInput == false)
    }

    @Test func statementSeparators() throws {
        #expect(try tree("a = 1; b = 2\nc") == "(= a 1) | (= b 2) | c")
        #expect(try tree("a; b;\nc") == "(silent a) | (silent b) | c")
        #expect(try tree("\n\n;;\n a \n\n") == "a")
        #expect(try tree("") == "")
        #expect(try tree("# comment only\n") == "")
        #expect(try tree("#!/usr/bin/env sfn\nx = 1") == "(= x 1)")
    }

    @Test func lineContinuation() throws {
        #expect(try tree("x = 1 +\n 2") == "(= x (+ 1 2))")
        #expect(try tree("x = a and\n\n b") == "(= x (and a b))")
        #expect(try tree("x =\n 3") == "(= x 3)")
        #expect(try tree("f(1,\n 2)") == "(call f 1 2)")
        #expect(try tree("f(\n 1\n ,\n 2\n )") == "(call f 1 2)")
        #expect(try tree("(1\n + 2)") == "(+ 1 2)")
        #expect(try tree("[1, 2,\n 3]") == "[1 2 3]")
        #expect(try tree("[1, 2;\n 3, 4\n]") == "[1 2; 3 4]")
        #expect(try tree("x = if c\n then 1\n else 2") == "(= x (if c 1 2))")
        #expect(try tree("g = x ->\n x + 1") == "(= g (-> (x) (+ x 1)))")
        #expect(try tree("assert a,\n \"m\"") == "(assert a \"m\")")
        #expect(try tree("for i in\n 1:3 { }") == "(for i (: 1 3) ())")
        #expect(try tree("y = 1:\n 5") == "(= y (: 1 5))")
        // A line end before an operator ends the statement.
        #expect(try tree("x = 1\n-2") == "(= x 1) | (- 2)")
    }

    @Test func blocks() throws {
        #expect(try tree("{ s1; s2; e }") == "(block (silent s1) (silent s2) e)")
        #expect(try tree("{\n a = 1\n b = 2\n a + b\n}") == "(block (= a 1) (= b 2) (+ a b))")
        #expect(try tree("{}") == "(block)")
        #expect(try tree("x = { a = 1\n a }") == "(= x (block (= a 1) a))")
        // Inside a block, line ends inside ( ) and [ ] are still whitespace.
        #expect(try tree("{ a = f(1,\n 2)\n b = [1\n, 2] }") == "(block (= a (call f 1 2)) (= b [1 2]))")
        // A block inside parentheses has statements separated by line ends again.
        #expect(try tree("f({ a = 1\n a })") == "(call f (block (= a 1) a))")
        #expect(try tree("for i in x { for j in y { s = s + i*j } }")
                == "(for i x ((for j y ((= s (+ s (* i j)))))))")
    }

    @Test func brackets() throws {
        #expect(try tree("[1, 2, 3]") == "[1 2 3]")
        #expect(try tree("[1, 2; 3, 4]") == "[1 2; 3 4]")
        #expect(try tree("[]") == "[]")
        #expect(try tree("[x]") == "[x]")
        #expect(try tree("[1, 2,]") == "[1 2]")
        #expect(try tree("[\"sgd\", \"sfn\"]") == "[\"sgd\" \"sfn\"]")
        #expect(try tree("[-1, 2^2; a', [1]]") == "[(- 1) (^ 2 2); (' a) [1]]")
    }

    @Test func comprehensionsAndGenerators() throws {
        #expect(try tree("[i^2 for i in 1:5]") == "(comp (^ i 2) i (: 1 5))")
        #expect(try tree("sum((x[i] - 1)^2 for i in 1:n)")
                == "(call sum (gen (^ (- (index x i) 1) 2) i (: 1 n)))")
        #expect(try tree("max(f(i)\n for i in xs)") == "(call max (gen (call f i) i xs))")
        #expect(try tree("[[i, j] for i in 1:3]") == "(comp [i j] i (: 1 3))")
        #expect(failure("sum(x, i for i in 1:3)") == "1:10 unexpected 'for': a generator must be the only argument of a call")
        #expect(failure("sum(i for i in 1:3, 2)")
                == "1:19 expected ')' after the generator (a generator must be the only argument), found ','")
    }

    @Test func lambdas() throws {
        #expect(try tree("x -> x^2") == "(-> (x) (^ x 2))")
        #expect(try tree("(a, b) -> a*b") == "(-> (a b) (* a b))")
        #expect(try tree("() -> 1") == "(-> () 1)")
        #expect(try tree("f = x -> x + 1") == "(= f (-> (x) (+ x 1)))")
        #expect(try tree("map(x -> x + 1, v)") == "(call map (-> (x) (+ x 1)) v)")
        #expect(try tree("x -> y -> x + y") == "(-> (x) (-> (y) (+ x y)))")
        #expect(try tree("x -> if x > 0 then x else -x") == "(-> (x) (if (> x 0) x (- x)))")
        #expect(try tree("(x -> x)(2)") == "(call (-> (x) x) 2)")
        #expect(try tree("w -> { a = w; a }") == "(-> (w) (block (= a w) a))")
        #expect(try tree("(a,\n b) -> a") == "(-> (a b) a)")
        #expect(failure("(a, a) -> a") == "1:1 duplicate parameter 'a'")
    }

    @Test func callArguments() throws {
        #expect(try tree("gd(f, x0, lr=0.1, steps=100)") == "(call gd f x0 (= lr 0.1) (= steps 100))")
        #expect(try tree("f(a == b)") == "(call f (== a b))")
        #expect(try tree("f(1,)") == "(call f 1)")
        #expect(try tree("f(1)(2)") == "(call (call f 1) 2)")
        let call = try firstExpr("plot(r1, file=\"a.svg\")")
        guard case .call(_, let arguments)? = call?.kind else { Issue.record("not a call"); return }
        #expect(arguments.map { at($0.location) } == ["1:6", "1:10"])
    }

    // Locations.

    @Test func locationConvention() throws {
        let e = try #require(try firstExpr("a + f(x)[i].y'"))
        #expect(at(e.location) == "1:3")  // binary: its operator
        guard case .binary(_, let a, let rhs) = e.kind else { Issue.record("not binary"); return }
        #expect(at(a.location) == "1:1")  // a name: its first character
        #expect(at(rhs.location) == "1:14")  // transpose: the '
        guard case .transpose(let field) = rhs.kind, case .field(let index, _) = field.kind,
              case .index(let call, _) = index.kind, case .call(let callee, _) = call.kind else {
            Issue.record("unexpected shape"); return
        }
        #expect(at(field.location) == "1:12")  // field: the .
        #expect(at(index.location) == "1:9")  // index: the [
        #expect(at(call.location) == "1:6")  // call: the (
        #expect(at(callee.location) == "1:5")

        #expect(at(try firstExpr("  -x")?.location) == "1:3")
        #expect(at(try firstExpr("1:2:3")?.location) == "1:2")
        #expect(at(try firstExpr("x -> 1")?.location) == "1:3")
        #expect(at(try firstExpr("(a) -> 1")?.location) == "1:5")
        #expect(at(try firstExpr("if c then 1 else 2")?.location) == "1:1")
        #expect(at(try firstExpr(" [1, 2]")?.location) == "1:2")
        #expect(at(try firstExpr(" { 1 }")?.location) == "1:2")
        #expect(at(try firstExpr("(  7 )")?.location) == "1:4")
        if case .call(_, let args)? = try firstExpr("sum(x for x in v)")?.kind {
            #expect(at(args[0].value.location) == "1:7")  // generator: its `for`
            #expect(at(args[0].location) == "1:5")
        } else { Issue.record("not a call") }

        // Statements: their first character.
        let p = try parse("x = 1\n  f(a) = a\nfor i in v { }\n  if c { }\n\tassert c\n1 + 2")
        #expect(p.statements.map { at($0.location) } == ["1:1", "2:3", "3:1", "4:3", "5:2", "6:1"])
    }

    @Test func locationsAfterMultibyteCharacters() throws {
        let p = try parse("s = \"héllo 😀\" # ünïcödé\nt = s + λ")
        guard case .assign(_, let value) = p.statements[1].kind,
              case .binary(_, _, let rhs) = value.kind else { Issue.record("shape"); return }
        #expect(at(value.location) == "2:7")
        #expect(at(rhs.location) == "2:9")
        let p2 = try parse("x = [\"😀😀\", y]")
        guard case .assign(_, let b) = p2.statements[0].kind, case .bracket(let rows) = b.kind else {
            Issue.record("shape"); return
        }
        #expect(at(rows[0][1].location) == "1:12")
        #expect(failure("\"ü\" + )") == "1:7 expected an expression, found ')'")
    }

    // Errors: message and exact location.

    @Test func errorMessages() {
        #expect(failure("f(1, 2") == "1:7 expected ')' to close '(' at 1:2, found the end of the input")
        // Inside ( ) a line end is whitespace, so the error is at the next line's first token.
        #expect(failure("x = (1 + 2\ny = 3") == "2:1 expected ')' to close '(' at 1:5, found 'y'")
        #expect(failure("[1, 2)") == "1:6 expected ',', ';' or ']' to close '[' at 1:1, found ')'")
        #expect(failure("x = [1, ]]") == "1:10 unexpected ']' with no '[' open")
        #expect(failure("1 + ]") == "1:5 expected an expression, found ']'")
        #expect(failure("x = ") == "1:4 expected an expression, found the end of the input")
        #expect(failure("(x) = 2") == "1:1 invalid assignment target: only a name (x = …), an element (x[i] = …) or a function head (f(x, y) = …) can be assigned")
        #expect(failure("x + 1 = 2") == "1:1 invalid assignment target: only a name (x = …), an element (x[i] = …) or a function head (f(x, y) = …) can be assigned")
        #expect(failure("f(x, 1) = 2") == "1:6 invalid function definition: parameters must be plain names, like f(x, y) = …")
        #expect(failure("f(x, x) = 2") == "1:2 duplicate parameter 'x'")
        #expect(failure("for 1 in x { }") == "1:5 expected a name after 'for', found '1'")
        #expect(failure("for i x { }") == "1:7 expected 'in' after 'for i', found 'x'")
        #expect(failure("for i in x y") == "1:12 expected '{' to start the body of 'for i in …', found 'y'")
        #expect(failure("if a { 1 } else if b then 2") == "1:22 unexpected 'then' (an if statement uses { })")
        #expect(failure("if a { 1 } else 2") == "1:17 expected '{' or 'if' after 'else', found '2'")
        #expect(failure("if a b") == "1:6 expected '{' or 'then' after the condition of 'if', found 'b'")
        #expect(failure("y = if a { 1 } else { 2 }").hasPrefix("1:10 expected 'then' after the condition of an if expression, found '{'"))
        #expect(failure("y = if a then 1\nz = 2") == "1:16 expected 'else' to finish the 'if … then …' at 1:5 (an if without else is a statement: if c { … }), found the end of the line")
        #expect(failure("x = 1 2") == "1:7 expected the end of the statement (a new line or ';'), found '2'")
        #expect(failure("{ a = 1 2 }") == "1:9 expected ';', a new line or '}' after the statement, found '2'")
        #expect(failure(")") == "1:1 unexpected ')' with no '(' open")
        #expect(failure("x = 1 }") == "1:7 unexpected '}' with no '{' open")
        #expect(failure("f({ a = 1 )") == "1:11 expected '}' to close '{' at 1:3, found ')'")
        #expect(failure("{ a = 1\n b ]") == "2:4 expected '}' to close '{' at 1:1, found ']'")
        #expect(failure("r.1") == "1:2 expected the end of the statement (a new line or ';'), found '.1'")
        #expect(failure("r.(1)") == "1:3 expected a field name after '.', found '('")
        #expect(failure("y = end") == "1:5 'end' can only be used inside an index, like x[end]")
        #expect(failure("x = 'a'") == "1:5 unexpected \"'\" (strings use double quotes: \"text\")")
        #expect(failure("import saddles") == "1:8 expected a module name in quotes after 'import', like import \"saddles\", found 'saddles'")
        #expect(failure("if x = 1 then 2 else 3") == "1:6 expected '{' or 'then' after the condition of 'if', found '=' (use '==' to compare)")
        #expect(failure("2 -> x") == "1:3 expected the end of the statement (a new line or ';'), found '->' (a lambda's parameters are names: x -> …, (a, b) -> …)")
        #expect(failure("[1, 2;; 3]") == "1:7 expected an expression, found ';'")
        #expect(failure("f(a=)") == "1:5 expected an expression, found ')'")
    }

    @Test func errorsCarryTheSourceLine() {
        let e = parseError("x = 1\ny = (2 +\n  ]")
        #expect(e?.sourceLine == "  ]")
        #expect(e?.render() == "t.sfn:3:3: error: expected an expression, found ']'\n  ]\n  ^")
        // A lexical error after a syntax error: the syntax error comes first.
        #expect(failure("x = )\ny = $") == "1:5 expected an expression, found ')'")
        #expect(failure("x = 1\ny = $") == "2:5 unexpected character '$'")
    }

    @Test func incompleteInput() {
        for text in ["f(1,", "[1, 2", "{ x = 1", "1 +", "\"abc", "f(1,\n", "x = ", "if c then a",
                     "if c then a\n", "if c { x = 1", "for i in 1:3", "for i in 1:3\n", "x = (1 +\n 2",
                     "y = if c\n", "f(x) =", "g = x ->", "assert x,", "-", "not", "a[1,", "r.",
                     "import", "for", "for i", "for i in", "if c { } else", "[i for i in", "{ { {",
                     "x = \"a\nb", "f(\n  a=1,\n  b=2"] {
            let e = parseError(text)
            #expect(e != nil, "\(text) should fail")
            #expect(e?.isIncompleteInput == true, "\(text) should be incomplete: \(e?.message ?? "")")
        }
        for text in ["1 + )", "f(1]", "x = 1 2", "if c then a\nb = 1", "[1, 2 3", "x = \"a\\q",
                     "for i in x y", "{ a = 1 2 }", "x $"] {
            let e = parseError(text)
            #expect(e != nil, "\(text) should fail")
            #expect(e?.isIncompleteInput == false, "\(text) should not be incomplete")
        }
    }

    @Test func deepNesting() throws {
        let limit = "expression nested too deeply (more than 200 levels)"
        for open in ["(", "[", "-", "not ", "{", "f(", "x[", "x -> ", "if a then "] {
            let text = String(repeating: open, count: 5000) + "1"
            let e = parseError(text)
            #expect(e?.message == limit, "\(open)")
            #expect(e?.isIncompleteInput == false)
        }
        #expect(parseError(String(repeating: "2^", count: 5000) + "2")?.message == limit)
        #expect(parseError(String(repeating: "for i in x { ", count: 1000))?.message == limit)
        // Reasonable nesting is fine, and so are long flat chains.
        let fine = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(try tree(fine) == "1")
        let chain = Array(repeating: "x", count: 3000).joined(separator: " + ")
        #expect(try parse(chain).statements.count == 1)
    }

    @Test func fuzzNeverCrashes() {
        var rng = SplitMix64(seed: 12345)
        let pieces = ["x", "f", "1", "2.5", "\"s\"", "+", "-", "*", "/", "^", "@", ":", "<", "==",
                      "=", "->", "'", ".", ",", ";", "(", ")", "[", "]", "{", "}", "\n", "if", "then",
                      "else", "for", "in", "and", "or", "not", "true", "assert", "import", "end",
                      " ", "#c\n", "\"", "\\", "é", "$"]
        var outcomes = [0, 0]
        for _ in 0..<3000 {
            let count = Int(rng.next() % 24) + 1
            let text = (0..<count).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(separator: " ")
            outcomes[parseError(text) == nil ? 0 : 1] += 1
        }
        let programs = [
            "f(x, y) = x^2 - y^2 + 0.1 * (x'@y)\nr = sfn(f, [1, 2], damping=\"auto\", steps=50);\nassert r.converged, \"did not converge\"",
            "for i in 1:10 {\n  if i > 5 { print(i) } else if i == 3 { print(\"three\") } else { s = s + i; }\n}\nA = [1, 2; 3, 4]\nA[:, 1]'",
            "g = (a, b) -> { c = a * b\n c^2 }\ns = sum((x[i] - 1)^2 for i in 1:n)\nv = [i^2 for i in 1:5]\ny = if v[end] > 3 then -v[2:end] else not true",
        ]
        for program in programs {
            #expect(parseError(program) == nil, "\(program)")
            let characters = Array(program)
            for cut in 0...characters.count {
                let prefix = String(characters[..<cut])
                if let e = parseError(prefix) { _ = e.render(); outcomes[1] += 1 } else { outcomes[0] += 1 }
                // Also drop one character from the middle.
                if cut < characters.count {
                    var damaged = characters
                    damaged.remove(at: cut)
                    _ = parseError(String(damaged))
                }
            }
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0)
    }
}

// MARK: Helpers: the tree as an S-expression

extension ParserTests {
    func sexp(_ e: Expr) -> String {
        switch e.kind {
        case .number(let v):
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .bracket(let rows):
            return "[" + rows.map { $0.map(sexp).joined(separator: " ") }.joined(separator: "; ") + "]"
        case .comprehension(let body, let v, let iter): return "(comp \(sexp(body)) \(v) \(sexp(iter)))"
        case .generator(let body, let v, let iter): return "(gen \(sexp(body)) \(v) \(sexp(iter)))"
        case .range(let lo, let step, let hi):
            return "(: \(sexp(lo))\(step.map { " " + sexp($0) } ?? "") \(sexp(hi)))"
        case .unary(let op, let x): return "(\(op.rawValue) \(sexp(x)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexp(a)) \(sexp(b)))"
        case .call(let callee, let arguments):
            let args = arguments.map { a in a.name.map { "(= \($0) \(sexp(a.value)))" } ?? sexp(a.value) }
            return "(call \(([sexp(callee)] + args).joined(separator: " ")))"
        case .index(let base, let subscripts):
            let subs = subscripts.map { s -> String in
                if case .single(let x) = s { return sexp(x) }
                return ":"
            }
            return "(index \(([sexp(base)] + subs).joined(separator: " ")))"
        case .field(let base, let name): return "(. \(sexp(base)) \(name))"
        case .transpose(let x): return "(' \(sexp(x)))"
        case .lambda(let parameters, let body): return "(-> (\(parameters.joined(separator: " "))) \(sexp(body)))"
        case .block(let statements): return "(block" + statements.map { " " + sexp($0) }.joined() + ")"
        case .conditional(let c, let a, let b): return "(if \(sexp(c)) \(sexp(a)) \(sexp(b)))"
        }
    }

    func sexp(_ s: Stmt) -> String {
        func block(_ b: [Stmt]) -> String { "(" + b.map(sexp).joined(separator: " ") + ")" }
        switch s.kind {
        case .assign(let name, let value): return "(= \(name) \(sexp(value)))"
        case .indexAssign(let name, let subscripts, let value, _):
            let subs = subscripts.map { s -> String in
                if case .single(let x) = s { return sexp(x) }
                return ":"
            }
            return "(=[] \(([name] + subs).joined(separator: " ")) \(sexp(value)))"
        case .function(let name, let parameters, let b):
            return "(def \(name) (\(parameters.joined(separator: " "))) \(sexp(b)))"
        case .expression(let e, let silent): return silent ? "(silent \(sexp(e)))" : sexp(e)
        case .assert(let c, let m): return "(assert \(sexp(c))\(m.map { " " + sexp($0) } ?? ""))"
        case .importModule(let name): return "(import \"\(name)\")"
        case .forLoop(let v, let iter, let b): return "(for \(v) \(sexp(iter)) \(block(b)))"
        case .ifStatement(let c, let t, let e):
            return "(if \(sexp(c)) \(block(t))\(e.map { " " + block($0) } ?? ""))"
        }
    }

    func parse(_ text: String) throws(SFNError) -> Program {
        try Parser.parse(SourceText(name: "t.sfn", text: text))
    }

    /// The whole program as S-expressions, statements separated by " | ".
    func tree(_ text: String) throws(SFNError) -> String {
        try parse(text).statements.map(sexp).joined(separator: " | ")
    }

    func parseError(_ text: String) -> SFNError? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    /// `line:col message` of the error, or "no error".
    func failure(_ text: String) -> String {
        guard let e = parseError(text) else { return "no error" }
        return "\(e.location.line):\(e.location.column) \(e.message)"
    }

    /// The first statement's expression.
    func firstExpr(_ text: String) throws(SFNError) -> Expr? {
        guard case .expression(let e, _) = try parse(text).statements.first?.kind else { return nil }
        return e
    }

    func at(_ location: SFNSyntax.SourceLocation?) -> String {
        location.map { "\($0.line):\($0.column)" } ?? "none"
    }

    /// A small deterministic generator for the fuzz test.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
