import CFlite
import Foundation

/// Pronunciations in the CMU phone set: CMUdict first (every variant), and for words
/// it lacks (names, invented words) flite's letter-to-sound rules. Loaded once per
/// process and shared read-only by every worker.
public final class PronunciationDictionary: Sendable {
    /// The dictionary file, and where each word's variants lie in it: phones are split
    /// out only for the few hundred words a passage needs, not for all 134,000 at every
    /// start of the program.
    private let bytes: [UInt8]
    private let index: LineIndex

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw EngineError.modelMissing(path) }
        bytes = [UInt8](data)
        index = LineIndex(bytes)
    }

    public func variants(_ word: String) -> [[String]]? {
        let ranges = bytes.withUnsafeBufferPointer { index.pronunciations(of: Array(word.utf8), in: $0) }
        guard !ranges.isEmpty else { return nil }
        let variants = ranges.map { r in
            String(decoding: bytes[r], as: UTF8.self)
                .split(separator: " ").filter { !$0.hasPrefix("#") }.map(String.init)
        }.filter { !$0.isEmpty }
        return variants.isEmpty ? nil : variants
    }

    public func contains(_ word: String) -> Bool {
        bytes.withUnsafeBufferPointer { !index.pronunciations(of: Array(word.utf8), in: $0).isEmpty }
    }

    /// CMUdict's variants, or flite's guess for an unknown word (never empty for a word
    /// with letters or digits).
    public func pronunciations(_ word: String) -> [[String]] {
        if let v = variants(word) { return v }
        let guessed = LetterToSound.shared.phones(word)
        return guessed.isEmpty ? [] : [guessed]
    }
}

/// flite's CMU lexicon and letter-to-sound rules. flite keeps global state, so calls
/// are serialised; they happen only for words CMUdict lacks.
final class LetterToSound: @unchecked Sendable {
    static let shared = LetterToSound()
    private let lock = NSLock()
    private let lexicon: UnsafeMutablePointer<cst_lexicon>?

    private init() {
        lexicon = cmu_lex_init()
    }

    func phones(_ word: String) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        guard let lexicon else { return [] }
        // flite spells digits out itself only through its text front end; keep letters.
        let letters = word.lowercased().filter { $0.isLetter && $0.isASCII }
        guard !letters.isEmpty, let list = lex_lookup(lexicon, letters, nil, nil) else { return [] }
        defer { delete_val(list) }
        var out: [String] = []
        var node: UnsafePointer<cst_val>? = UnsafePointer(list)
        while let n = node, let head = val_car(n) {
            let phone = String(cString: val_string(head)).uppercased().filter { $0.isLetter }
            if let mapped = LetterToSound.toCMU(phone) { out.append(mapped) }
            node = val_cdr(n)
        }
        return out
    }

    /// flite's phone set is CMU's plus a few reduced vowels the acoustic model lacks.
    static func toCMU(_ phone: String) -> String? {
        switch phone {
        case "AX": return "AH"
        case "AXR": return "ER"
        case "PAU", "": return nil
        default: return cmuPhones.contains(phone) ? phone : nil
        }
    }

    static let cmuPhones: Set<String> = [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH",
        "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ]
}
