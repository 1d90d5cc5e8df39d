import CParleyYAML

/// One libyaml parse event, copied out of C memory so the C event can be freed at once.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(SourceMark)
    case documentEnd
    case alias(anchor: String, mark: SourceMark)
    /// `plain` is false for quoted and block (`|`, `>`) scalars: only plain `null` means null.
    case scalar(String, plain: Bool, tag: String?, anchor: String?, mark: SourceMark)
    case sequenceStart(anchor: String?, mark: SourceMark)
    case sequenceEnd
    case mappingStart(anchor: String?, mark: SourceMark)
    case mappingEnd
}

/// Pulls events from the system libyaml parser over an in-memory buffer, turning libyaml's
/// 0-based marks into 1-based `SourceMark`s and its errors into `ConfigError`s with a hint.
///
/// Owns the parser and a copy of the input; both are released in `deinit` (`yaml_parser_delete`).
/// Not thread-safe and never shared: one reader per load.
final class YAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let count: Int
    private let file: String
    /// Added to columns on the first line: `--set key=value` parses only the value, but marks should
    /// count from the start of the whole argument.
    private let firstLineColumnOffset: Int
    private let initialized: Bool

    init(bytes: [UInt8], file: String, firstLineColumnOffset: Int = 0) throws {
        self.file = file
        self.firstLineColumnOffset = firstLineColumnOffset
        count = bytes.count
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)
        initialized = yaml_parser_initialize(parser) != 0
        guard initialized else {
            throw ConfigError("libyaml could not allocate a parser (out of memory) while reading \(file)")
        }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; throws the parser's error, located and explained.
    func next() throws -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw currentError() }
        defer { yaml_event_delete(&event) }
        let mark = self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            return .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, tag: Self.string(scalar.tag),
                           anchor: Self.string(scalar.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            throw ConfigError("libyaml produced an unexpected event while reading \(file)", mark: mark)
        }
    }

    private func mark(_ raw: yaml_mark_t) -> SourceMark {
        SourceMark(file: file, line: Int(raw.line) + 1, column: Int(raw.column) + 1 + (raw.line == 0 ? firstLineColumnOffset : 0))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    // MARK: errors

    private func currentError() -> ConfigError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "malformed YAML"
        if state.error == YAML_READER_ERROR {
            return ConfigError("the file is not valid UTF-8 text (\(problem))", mark: markForByteOffset(Int(state.problem_offset)))
        }
        if state.error == YAML_MEMORY_ERROR {
            return ConfigError("libyaml ran out of memory while reading \(file)")
        }
        let problemMark = mark(state.problem_mark)
        if character(atLine: Int(state.problem_mark.line), column: Int(state.problem_mark.column)) == "\t" {
            return ConfigError("a tab character is used for indentation or spacing here; YAML allows only spaces — "
                + "replace the tab with spaces", mark: problemMark)
        }
        var message = problem
        let context = state.context.map { String(cString: $0) }
        if let context {
            let contextMark = mark(state.context_mark)
            message += contextMark == problemMark ? " \(context)"
                : " \(context) that starts at line \(contextMark.line), column \(contextMark.column)"
        }
        if let hint = hint(problem: problem, context: context ?? "", at: state.problem_mark) { message += " — \(hint)" }
        return ConfigError(message, mark: problemMark)
    }

    /// Advice for the syntax errors people actually make in hand-written profiles.
    private func hint(problem: String, context: String, at raw: yaml_mark_t) -> String? {
        if problem.contains("tab") {
            return "YAML allows only spaces for indentation; replace tabs with spaces"
        }
        if problem.contains("cannot start any token") {
            return "this character cannot begin a plain value; quote the value"
        }
        if context.contains("quoted scalar") {
            return "a quoted string is not closed; add the matching quote"
        }
        if problem.contains("expected ',' or ']'") {
            return "a '[' list is not closed with ']', or two of its items lack a ',' between them"
        }
        if problem.contains("expected ',' or '}'") {
            return "a '{' mapping is not closed with '}', or two of its entries lack a ',' between them"
        }
        if problem.contains("mapping values are not allowed") {
            return "a ': ' appears inside a plain value or after a wrongly indented line; quote the value or fix the indentation"
        }
        if problem.contains("did not find expected key") {
            return startsLine(raw) ? "this line is indented differently from the keys above it; align it with its siblings"
                : "unexpected text here; look for a stray bracket or quote"
        }
        if problem.contains("did not find expected '-' indicator") {
            return "a list item is not indented like the items before it"
        }
        if problem.contains("could not find expected ':'") {
            return "a key is missing its ':' (or a plain value continues on the next line; quote it)"
        }
        return nil
    }

    /// The character at a libyaml mark (0-based line, column in characters), if the input is text.
    private func character(atLine line: Int, column: Int) -> Unicode.Scalar? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: input.prefix(count)), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 0, line < lines.count, column >= 0 else { return nil }
        return Array(lines[line].unicodeScalars.prefix(column + 1)).dropFirst(column).first
    }

    /// Whether only spaces precede the mark on its line.
    private func startsLine(_ raw: yaml_mark_t) -> Bool {
        let text = String(decoding: UnsafeBufferPointer(rebasing: input.prefix(count)), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = Int(raw.line)
        guard line >= 0, line < lines.count else { return true }
        return lines[line].unicodeScalars.prefix(Int(raw.column)).allSatisfy { $0 == " " }
    }

    /// Reader errors carry a byte offset rather than a mark: count lines up to it.
    private func markForByteOffset(_ offset: Int) -> SourceMark {
        var line = 1
        var column = 1
        for byte in input.prefix(max(0, min(offset, count))) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceMark(file: file, line: line, column: column)
    }
}
