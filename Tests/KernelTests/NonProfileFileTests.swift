import Foundation
import Testing
@testable import Kernel

/// Loading a file that is not a profile (`parley ctl apply /etc/passwd`) fails without echoing any of
/// its content; values quoted in errors are short single-line snippets of real profiles (issue 19 item 5).
@Suite struct NonProfileFileTests {
    static let secrets = [
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nalice:x:1000:1000:Alice S3cret,,,:/home/alice:/bin/bash\n",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n",
        "{\"password\": \"hunter2-S3cret\", \"token\": {\"value\": \"tok-S3cret\"}}\n",
        "- S3cret-one\n- S3cret-two\n",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYS3cret\n",
    ]

    @Test(arguments: secrets)
    func aNonProfileFileIsRefusedWithoutEchoingIt(content: String) throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let path = try directory.write("secret.txt", content)
        let error = try #require(configError { try ProfileLoader.load(path: path) })
        #expect(error.message.hasPrefix("this is not a Parley profile"), "\(error)")
        #expect(!error.description.contains("S3cret"), "\(error)")
        #expect(!error.description.contains("root:x"), "\(error)")
        #expect(!error.description.contains("password"), "\(error)")
        #expect(!error.description.contains("BEGIN"), "\(error)")
    }

    @Test func etcPasswdIsNotEchoed() throws {
        guard let passwd = try? String(contentsOfFile: "/etc/passwd", encoding: .utf8), let firstLine = passwd.split(separator: "\n").first
        else { return }
        let error = try #require(configError { try ProfileLoader.load(path: "/etc/passwd") })
        #expect(!error.description.contains(String(firstLine.prefix(8))), "\(error)")
    }

    @Test func longValuesInAProfileAreDescribedNotQuoted() throws {
        let long = String(repeating: "S3cret", count: 20)
        let error = try #require(configError { try ProfileLoader.parse(text: "name: x\nnode: \(long)\n", file: "p.yaml") })
        #expect(error.path == "node")
        #expect(!error.description.contains("S3cret"), "\(error)")
        #expect(error.message.contains("text of 120 characters"))
        let level = try #require(configError { try ProfileLoader.parse(text: "name: x\nnode: { log-level: \(long) }\n", file: "p.yaml") })
        #expect(!level.description.contains("S3cret"), "\(level)")
        let short = try #require(configError { try ProfileLoader.parse(text: "name: x\nnode: oops\n", file: "p.yaml") })
        #expect(short.message.contains("\"oops\""))   // a short typo is still quoted back
    }

    @Test(arguments: [
        ("node: { peers: { max: 0 } }", "node.peers.max"),
        ("node: { peers: { max: 100000 } }", "node.peers.max"),
        ("node: { peers: { target: -1 } }", "node.peers.target"),
        ("node: { grace-period-seconds: .inf }", "node.grace-period-seconds"),
        ("node: { grace-period-seconds: 100000 }", "node.grace-period-seconds"),
    ])
    func nodeSettingsHaveRanges(yaml: String, path: String) throws {
        let error = try #require(configError { try ProfileLoader.parse(text: "name: x\n" + yaml + "\n", file: "p.yaml") })
        #expect(error.path == path, "\(error)")
        #expect(error.mark?.line == 2)
    }
}
