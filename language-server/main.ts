/**
 * Entry point of the `.peft` language server (bundled to dist/server.js). The transport comes from
 * the command line (`--stdio`, `--node-ipc`, `--socket=N`), as vscode-languageclient passes it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
