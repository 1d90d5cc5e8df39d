// `parley`: the composition root. Registers the plugins, bootstraps logging, and exposes the node,
// profile, plugin, control, ENR and demo commands.
import ArgumentParser
import Kernel

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A Status-protocol messenger node built from plugins.",
        version: "parley \(ParleyVersion.current) (wire target \(ParleyVersion.wireTarget))",
        subcommands: [NodeCommand.self, ProfileCommand.self, PluginsCommand.self, CtlCommand.self,
                      EnrCommand.self, DemoCommand.self, AccountCommand.self, TopicCommand.self, PostCommand.self,
                      WatchCommand.self, HistoryCommand.self, ChatCommand.self, Discv5Command.self,
                      PeerIDCommand.self, PingCommand.self, SimCommand.self,
                      RendezvousCommand.self])
}
