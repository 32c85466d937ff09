import Foundation
import ReadmasterCLI

exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
