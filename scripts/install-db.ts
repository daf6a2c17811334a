// npm postinstall: installs the embedded database server (mongo-java-server via Maven) into .cache/.
// Without Java and Maven it only warns: a deployment that sets MONGODB_URI does not need it.
import { ensureLocalMongoInstalled } from '../models/shared/db/local-mongo.js';

try {
  ensureLocalMongoInstalled((line) => console.log(`install-db: ${line}`));
} catch (error) {
  console.warn(`install-db: skipped — ${error instanceof Error ? error.message : String(error)}`);
}
