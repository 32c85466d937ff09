import Foundation
import ReadmasterStore

/// `readmaster assess audio ID`: writes out the recording stored with an assessment
/// (`assess analyze --enqueue --store-audio`), for a teacher to listen to or a worker
/// elsewhere to check, with the same permission as reading the assessment's results.
enum AssessAudioCommand {
    static let spec = CommandSpec(
        "audio", summary: "write out the recording stored with an assessment (queued with --store-audio)",
        arguments: [ArgumentSpec("ID", help: "assessment id")],
        options: [OptionSpec(.output, short: "o", value: "FILE", help: "write to FILE (a new file) instead of stdout", completes: .file)],
        examples: ["readmaster assess audio 3f2c… --output reading.flac"],
        handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        let output = inv.value(.output)
        if output == nil, inv.out.isTerminal {
            throw CLIError.usage("assess audio: stdout is a terminal; give --output FILE or pipe it")
        }
        if let output, FileManager.default.fileExists(atPath: output) {
            throw CLIError.badInput("\(output) already exists; nothing was written (choose another name or remove it)")
        }
        return try inv.withDatabase { conn in
            let assessment = try AssessRecordsCommands.load(inv, conn)
            let id = assessment.id.uuidString.lowercased()
            guard let audio = try WorkQueue(conn).audio(of: assessment.id) else {
                throw CLIError.failure("assessment \(id) has no stored recording (it was not queued with --store-audio)")
            }
            if let output {
                do { try Data(audio.data).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting) } catch {
                    throw CLIError.failure("cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                inv.out.write(bytes: audio.data)
            }
            inv.note("\(audio.data.count) bytes of \(audio.fileName) (assessment \(id))\(output.map { " written to \($0)" } ?? "")")
            return ExitCodes.ok
        }
    }
}
