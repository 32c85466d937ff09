/// Every option any command declares, by its long name: handlers read options through
/// these (`inv.value(.firstName)`), so a misspelt name does not compile where a string
/// would have read nil.
public enum OptionName: String, CaseIterable, Sendable, CustomStringConvertible {
    /// As written on the command line (`first-name`): messages interpolate it.
    public var description: String { rawValue }

    case active
    case ageCategory = "age-category"
    case all
    case alongsideData = "alongside-data"
    case `as`
    case atRisk = "at-risk"
    case `class`
    case continueOnError = "continue-on-error"
    case correct
    case db
    case difficulty
    case dryRun = "dry-run"
    case due
    case email
    case enqueue
    case erase
    case exitCode = "exit-code"
    case explain
    case explanation
    case firstName = "first-name"
    case force
    case format
    case full
    case generatePassword = "generate-password"
    case genre
    case grade
    case help
    case inputFormat = "input-format"
    case jobs
    case json
    case language
    case lastName = "last-name"
    case lease
    case limit
    case man
    case manifest
    case map
    case mapFile = "map-file"
    case maxAttempts = "max-attempts"
    case maxStudents = "max-students"
    case metric
    case model
    case move
    case name
    case noColor = "no-color"
    case note
    case once
    case option
    case output
    case parent
    case passwordStdin = "password-stdin"
    case poll
    case position
    case prosodyLevel = "prosody-level"
    case question
    case quiet
    case rawCsv = "raw-csv"
    case reading
    case regrade
    case rejects
    case relationship
    case reset
    case role
    case save
    case scale
    case school
    case search
    case seed
    case status
    case storeAudio = "store-audio"
    case strict
    case student
    case target
    case teacher
    case text
    case textString = "text-string"
    case threshold
    case timeout
    case timezone
    case title
    case `to`
    case unread
    case verbose
    case version
    case view
    case wcpm
    case withAssessments = "with-assessments"
    case word
    case year
    case yes
}
