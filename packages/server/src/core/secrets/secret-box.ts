/**
 * Secrets at rest: AES-256-GCM under one master key. Registry passwords and
 * other write-only values are sealed here before they reach the store and
 * opened only where the core needs them (e.g. to talk to a registry).
 *
 * Sealed form: `v1.<iv>.<tag>.<ciphertext>` (base64url parts). The `v1` prefix
 * leaves room for key rotation; `aad` binds a secret to where it belongs (a
 * sealed password copied into another row does not open there).
 *
 * The key comes from CARAVAN_MASTER_KEY, or from a key file with mode 0600
 * that is created beside the SQLite database at first start.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;

export class SecretBox {
  readonly #key: Buffer;
  readonly #fingerprintKey: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`the master key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    // A key of its own for fingerprints, so a MAC can never be mistaken for (or help attack) the sealing key.
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), 'caravan fingerprint v1', KEY_BYTES));
  }

  /**
   * A keyed fingerprint (HMAC-SHA256, hex) of secret text that may be shown where the text may not: it changes
   * when the text does, and without the master key it cannot be checked against guesses, as a plain hash of a
   * short password could.
   */
  fingerprint(text: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(text, 'utf8').digest('hex');
  }

  seal(plaintext: string, aad = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string, aad = ''): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') throw new Error('not a sealed secret');
    const [, iv, tag, ct] = parts as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch (cause) {
      // Never echo the sealed value: it says nothing useful and leaks length.
      throw new Error('a stored secret could not be decrypted: was the master key changed?', { cause });
    }
  }
}

/**
 * Reads a master key written as 64 hex digits or as base64/base64url of 32 bytes.
 * Anything else is refused: a passphrase would silently give a weak key.
 */
export function parseMasterKey(text: string): Buffer {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error('the master key must be 32 bytes, written as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
}

export interface LoadedMasterKey {
  readonly key: Buffer;
  /** Where it came from: an existing key file, or a key file created just now. */
  readonly source: 'file' | 'created';
}

/**
 * The master key from the key file, which is created (mode 0600) when it does
 * not exist yet. Several servers may start on one fresh file at once: the key
 * is written whole to a temporary file first and then linked into place, so
 * the key file never exists half-written, and a server that loses the race
 * (EEXIST) reads the winner's key.
 */
export function loadMasterKey(options: { keyFile: string }): LoadedMasterKey {
  const { keyFile } = options;
  if (existsSync(keyFile)) return { key: readKeyFile(keyFile), source: 'file' };
  mkdirSync(dirname(keyFile), { recursive: true });
  const temp = `${keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, keyFile);
    return { key: readKeyFile(keyFile), source: 'created' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { key: readKeyFile(keyFile), source: 'file' };
  } finally {
    rmSync(temp, { force: true });
  }
}

function readKeyFile(keyFile: string): Buffer {
  const mode = statSync(keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`the master key file ${keyFile} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  }
  return parseMasterKey(readFileSync(keyFile, 'utf8'));
}
