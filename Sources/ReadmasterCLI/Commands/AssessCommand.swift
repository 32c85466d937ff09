import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `readmaster assess …`: grading recordings.
enum AssessCommand {
    static let spec = CommandSpec(
        "assess", summary: "grade recordings of a passage read aloud",
        subcommands: [
            CommandSpec(
                "analyze", summary: "score recordings: WCPM, accuracy, miscues, word timings",
                discussion: """
                    Give the passage with --text, --text-string or --reading, or give --manifest with one row per \
                    recording. Each recording gets one report; a recording that cannot be analysed gets an error \
                    record and the batch goes on. Exit 0 when every file was analysed, 3 when some failed, 65 when none could be.
                    """,
                arguments: [ArgumentSpec("AUDIO", help: "recordings (WAV, FLAC, OGG/Vorbis, Opus, MP3)", optional: true, repeats: true, completes: .file)],
                options: [
                    OptionSpec(.text, value: "FILE", help: "the passage, from a text file (- for stdin)", completes: .file),
                    OptionSpec(.textString, value: "TEXT", help: "the passage, given inline"),
                    OptionSpec(.reading, value: "ID|TITLE", help: "the passage, a stored reading (needs the database)"),
                    OptionSpec(.manifest, value: "FILE", help: "CSV with columns audio and one of text, text_file, reading; optional student", completes: .file),
                    OptionSpec(.jobs, short: "j", value: "N", help: "recordings analysed in parallel (default: number of cores)"),
                    OptionSpec(.save, help: "store assessments and results in the database (needs a stored reading and a student)"),
                    OptionSpec(.enqueue, help: "only queue the recordings in the database for `assess worker` (needs a stored reading and a student)"),
                    OptionSpec(.storeAudio, help: "with --enqueue: store each recording in the database too, for workers that cannot see the file"),
                    OptionSpec(.student, value: "EMAIL", help: "the student who read (for --save or --enqueue; or a manifest column)"),
                    OptionSpec(.regrade, help: "with --save or --enqueue: grade again audio already graded with this reading and engine version"),
                    OptionSpec(.force, help: "old spelling of --regrade"),
                    OptionSpec(.explain, help: "for one recording: each feature behind the scores, the points it adds, and each score's expected error (JSON: an explain object, with each word's phones and their GOP)"),
                    EngineSetup.modelOption,
                ],
                examples: [
                    "readmaster assess analyze ana.flac --text passage.txt",
                    "readmaster assess analyze recordings/*.wav --text-string \"The cat sat on the mat.\" --format ndjson",
                    "readmaster assess analyze --manifest class3b.csv --jobs 2 --format csv > results.csv",
                    "readmaster assess analyze ana.flac --reading \"Maya and the Map\" --save --student ana@school.org",
                    "readmaster assess analyze ana.flac --text passage.txt --explain",
                    "readmaster assess analyze --manifest class3b.csv --enqueue --db postgres://db.school.org/readmaster",
                ],
                handler: AnalyzeCommand.run),
            WorkerCommand.spec,
            AssignCommand.spec,
            AssessRecordsCommands.list,
            AssessRecordsCommands.show,
            AssessRecordsCommands.results,
            AssessRecordsCommands.delete,
            AssessAudioCommand.spec,
            ReviewCommands.review,
            ReviewCommands.correct,
        ])
}
