/**
 * A recording as the dialplan names it (CDR(recording), extensions.conf
 * hotline-record-start): `<YYYYMMDD>/<LINKEDID>-<UNIQUEID>.wav`. Nothing else
 * is ever served or deleted.
 */
const RECORDING_PATH = /^[0-9]{8}\/[A-Za-z0-9._-]{1,160}\.(?:wav|WAV|gsm|wav49)$/;
export const DATE_DIR = /^[0-9]{8}$/;
export const FILE_NAME = /^[A-Za-z0-9._-]{1,160}\.(?:wav|WAV|gsm|wav49)$/;

export function isRecordingPath(rel: string): boolean {
  return RECORDING_PATH.test(rel) && !rel.includes('..');
}
