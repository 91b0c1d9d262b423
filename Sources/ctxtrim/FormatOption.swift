import ArgumentParser
import ContextTrim

/// `--format`, shared by the commands that read request bodies from files
/// (`filter`, `cache simulate`): where no URL path tells the wire format,
/// it is detected by shape, and a body that fits two formats gets nothing
/// only one of them accepts (Anthropic cache markers) unless it is named.
/// The proxy takes no such option: the path decides.
struct FormatOption: ParsableArguments {
    @Option(help: ArgumentHelp("Force the wire format: anthropic-messages, openai-chat or openai-responses (otherwise told by the body's shape).", valueName: "format"))
    var format: WireFormat?
}
