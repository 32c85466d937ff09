import CSodium
import Foundation

/// argon2id password hashes in the standard encoded form ($argon2id$v=19$m=…), from
/// libsodium with its interactive limits. Passwords are never logged or stored plain.
public enum PasswordHasher {
    private static let ready: Bool = sodium_init() >= 0

    public static func hash(_ password: String) throws -> String {
        guard ready else { throw StoreError.passwordHashing("libsodium could not be initialised") }
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        // The C string always has its terminator, so the buffer is never empty.
        let bytes = password.utf8CString
        let rc = bytes.withUnsafeBufferPointer { p in
            crypto_pwhash_str(&out, p.baseAddress!, UInt64(p.count - 1),
                              UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), Int(crypto_pwhash_MEMLIMIT_INTERACTIVE))
        }
        guard rc == 0 else { throw StoreError.passwordHashing("out of memory") }
        // The encoded hash is ASCII up to its terminator.
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        guard ready else { return false }
        let bytes = password.utf8CString
        return bytes.withUnsafeBufferPointer { p in crypto_pwhash_str_verify(hash, p.baseAddress!, UInt64(p.count - 1)) } == 0
    }

    /// A random password of 16 characters from an unambiguous alphabet.
    public static func generate() -> String {
        _ = ready
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<16).map { _ in alphabet[Int(randombytes_uniform(UInt32(alphabet.count)))] })
    }
}
