/**
 * The clinician's own settings in Electron: edits from Settings written to the user's
 * configuration file (`userData/config.json`), and main's live configuration (what
 * `config:get` answers) kept in step with it.
 *
 * Rules (shared/config/user-settings.ts decides which settings, and how far):
 * - The patch is checked again here (locks, schema, stricter only): the renderer is not trusted.
 * - Only the edited fields of the file change; everything else in it, including settings this
 *   version does not know, is written back as it was. The write is atomic (json-file-store.ts).
 * - A user file that cannot be read, is not JSON or does not validate is never overwritten:
 *   saving is refused with the reason, so nothing the user or IT wrote there is lost.
 * - Nothing is saved while the clinic's file is unusable (the app is on its error screen).
 * - After a save, `config:get` answers the new values at once. Servers and the sandbox are
 *   not touched (they need a restart); none of them is editable in Settings anyway.
 */
import type { AppConfig } from '../shared/config/app-config';
import { parseUserConfigFile } from '../shared/config/app-config';
import { combineConfigFiles, type ConfigSource } from '../shared/config/merge-config';
import {
  checkUserSettingsPatch,
  userSettingValues,
  type UserSettingsPatch,
  type UserSettingsSaveResult,
  type UserSettingsSnapshot,
  type UserSettingValues,
} from '../shared/config/user-settings';
import { applyPatchToJson, takeUserSettingsFrom } from '../shared/config/user-settings-apply';

export interface UserSettingsFileDeps {
  /** The user's configuration file. */
  path: string;
  /** The clinic's machine-wide file as read at start; absent when there is none. */
  managed: ConfigSource | undefined;
  /** True when the clinic's file is unusable. */
  blocked: boolean;
  /** The effective configuration main started with. */
  initial: AppConfig;
  /** Resolves `undefined` for a missing file; rejects for an unreadable file or bad JSON. */
  readJson: (path: string) => Promise<unknown>;
  /** Replaces the user's file atomically. */
  writeJson: (value: unknown) => Promise<void>;
  log?: (line: string) => void;
}

/** The user's file as JSON, or why it must not be rewritten. */
type UserFileState = { ok: true; json: Record<string, unknown> } | { ok: false; reason: string };

export class UserSettingsFile {
  private live: AppConfig;
  private readonly baseline: UserSettingValues;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: UserSettingsFileDeps) {
    this.live = deps.initial;
    // Without the user's file: the clinic's settings, else the defaults.
    this.baseline = userSettingValues(combineConfigFiles({ managed: deps.managed }).config);
  }

  /** What `config:get` answers now. */
  config(): AppConfig {
    return this.live;
  }

  /** For `settings:get`. */
  async snapshot(): Promise<UserSettingsSnapshot> {
    const state = this.deps.blocked ? blockedState() : await this.readUserFile();
    return {
      baseline: this.baseline,
      storage: { kind: 'file', path: this.deps.path },
      ...(state.ok ? {} : { readOnlyReason: state.reason }),
    };
  }

  /**
   * For `settings:save`. Field errors come back as a value; a file that cannot be read or
   * written rejects with the reason (the file and the live configuration stay as they were).
   * Saves run one after another, each on the file as the previous one left it.
   */
  save(patch: UserSettingsPatch): Promise<UserSettingsSaveResult> {
    const run = this.queue.then(() => this.saveNow(patch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(patch: UserSettingsPatch): Promise<UserSettingsSaveResult> {
    if (this.deps.blocked) throw new Error(blockedState().reason);
    const checked = checkUserSettingsPatch(patch, {
      baseline: this.baseline,
      managed: this.live.managed,
    });
    if (!checked.ok) return { saved: false, errors: checked.errors };
    const fields = Object.keys(checked.patch);
    if (fields.length === 0) return { saved: true };
    const state = await this.readUserFile();
    if (!state.ok) throw new Error(`${state.reason} Nothing was saved.`);
    const next = applyPatchToJson(state.json, checked.patch);
    const parsed = parseUserConfigFile(next);
    if (!parsed.ok) throw new Error(`The new settings do not validate: ${parsed.error}`);
    try {
      await this.deps.writeJson(next);
    } catch (error) {
      throw new Error(`Could not write ${this.deps.path}: ${messageOf(error)}`);
    }
    const combined = combineConfigFiles({
      managed: this.deps.managed,
      user: { path: this.deps.path, read: { kind: 'json', json: next } },
    });
    this.live = withoutUserFileProblems(takeUserSettingsFrom(this.live, combined.config));
    this.deps.log?.(`[settings] saved ${fields.join(', ')} to ${this.deps.path}`);
    return { saved: true };
  }

  private async readUserFile(): Promise<UserFileState> {
    const { path } = this.deps;
    let json: unknown;
    try {
      json = await this.deps.readJson(path);
    } catch (error) {
      return { ok: false, reason: `Your configuration file cannot be read: ${messageOf(error)}.` };
    }
    // A new file needs `servers` to validate; an empty list means what no file means.
    if (json === undefined) return { ok: true, json: { servers: [] } };
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { ok: false, reason: `Your configuration file ${path} does not hold a JSON object.` };
    }
    const parsed = parseUserConfigFile(json);
    if (!parsed.ok) {
      return {
        ok: false,
        reason: `Your configuration file ${path} has a problem at ${parsed.field}: ${parsed.message}.`,
      };
    }
    return { ok: true, json: json as Record<string, unknown> };
  }
}

function blockedState(): { ok: false; reason: string } {
  return {
    ok: false,
    reason: 'The clinic configuration has a problem, so no setting can be saved until it is fixed.',
  };
}

/** A successful save proves the user's file valid again: its old problem no longer applies. */
function withoutUserFileProblems(config: AppConfig): AppConfig {
  if (!config.problems) return config;
  const { problems, ...rest } = config;
  const remaining = problems.filter((p) => p.file.kind !== 'user');
  return remaining.length > 0 ? { ...rest, problems: remaining } : rest;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
