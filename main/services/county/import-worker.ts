import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { preparePayload, receivePackage, type PreparedPayload } from './county';
import {
  sendError,
  type ImportWorkerData,
  type ImportWorkerReply,
  type ImportWorkerRequest,
} from './import-files';

/**
 * One of the two workers of a batch import (import-files.ts): reads a package and decrypts and
 * parses it ahead of its turn, then, when told, receives it with its own connection.
 */

// Only when started as the import worker (tests may run inside worker threads of their own).
if (parentPort && (workerData as ImportWorkerData | undefined)?.role === 'county-import') {
  const port = parentPort;
  const { dataDir } = workerData as ImportWorkerData;
  let bytes: Uint8Array | Error = new Error('nothing prepared');
  let prepared: PreparedPayload | undefined;
  const reply = (m: ImportWorkerReply) => port.postMessage(m);
  port.on('message', (m: ImportWorkerRequest) => {
    void (async () => {
      if (m.type === 'prepare') {
        try {
          bytes = readFileSync(m.file);
          prepared = await preparePayload(dataDir, bytes);
        } catch (error) {
          bytes = error as Error;
          prepared = undefined;
        }
        reply({ type: 'prepared' });
        return;
      }
      try {
        if (bytes instanceof Error) throw bytes;
        reply({ type: 'outcome', outcome: await receivePackage(dataDir, bytes, prepared) });
      } catch (error) {
        reply({ type: 'failed', error: sendError(error) });
      } finally {
        // Let the payload go before the next one is parsed.
        prepared = undefined;
      }
    })();
  });
}
