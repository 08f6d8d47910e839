/**
 * What the status page and the release page both show of the technical sign-off (architecture §1,
 * invariant 7): the 3D files the current sign-off covers, by name and short hash, or that it is open
 * again and which files arrived since. The sentences come from the server (`domain/workflow/words.ts`).
 */
import type { CoveredFileView, SignOffView } from '../../domain/contracts/sign-off.js';

export function SignOffFacts({ signOff }: { signOff: SignOffView }) {
  if (signOff.status === 'none') return null;
  if (signOff.status === 'reopened') {
    return (
      <div className="sign-off sign-off-reopened">
        <p>
          <strong>Technical sign-off open again: </strong>
          {signOff.sentence}
        </p>
        <p className="meta">New since the sign-off:</p>
        <FileHashes files={signOff.arrived} />
      </div>
    );
  }
  return (
    <div className="sign-off">
      <p>
        <strong>Technical sign-off: </strong>
        {signOff.sentence}
      </p>
      {signOff.covers.length > 0 && <FileHashes files={signOff.covers} />}
    </div>
  );
}

/** "bracket.stl · SHA-256 1a2b3c4d", the full hash on hover, so a person can compare versions. */
function FileHashes({ files }: { files: readonly CoveredFileView[] }) {
  return (
    <ul className="sign-off-files">
      {files.map((file) => (
        <li key={file.fileId}>
          {file.name} <span className="meta">· SHA-256</span> <code title={file.sha256}>{file.shortHash}</code>
        </li>
      ))}
    </ul>
  );
}
