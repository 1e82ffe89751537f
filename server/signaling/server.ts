/**
 * The signaling service: HTTP API for rooms and invitations, the WebSocket relay (`/ws`),
 * a health endpoint, and the patient page. Embedded in the browser host and in Electron for
 * the demo; deployable alone (`npm run signaling`). Binds to 127.0.0.1 unless told otherwise.
 *
 * - `POST /api/rooms` (Bearer: the clinician's SMART access token) → a room and a host ticket.
 * - `POST /api/rooms/:room/invites` (Bearer: host ticket) → a one-time link for the patient or
 *   a guest, with its role; `DELETE /api/rooms/:room/invites/:id` withdraws it.
 * - `GET /health` → node status. `GET /patient.html` → the patient page (when configured).
 * - `/companion/…` (with `companion` options) → the patient's monitoring link: see companion/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { participantRoleSchema } from '../../shared/signaling/protocol';
import { MemoryBus, type SignalingBus } from './bus';
import { ClinicianAuthError, type ClinicianVerifier } from './clinician-auth';
import { createCompanionRoutes, type CompanionOptions } from './companion/routes';
import { SignalingNode, type SignalingNodeOptions } from './node';
import { TicketAuthority, TicketError, newId } from './tickets';

const HOST_TICKET_TTL_SECONDS = 12 * 3600;
const MAX_BODY_BYTES = 16 * 1024;
/** Hard cap of the WebSocket layer; frames above MAX_FRAME_BYTES get an error frame first. */
const WS_MAX_PAYLOAD = 1024 * 1024;

export interface SignalingServerOptions {
  /** Port on `host`; 0 = a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Ticket signing secret (≥ 32 bytes), the same on every node. */
  secret: string;
  /** Shared bus for several nodes (RedisBus); default: this node alone. */
  bus?: SignalingBus;
  /** Verifies the clinician's SMART access token when a room is created. */
  verifyClinician: ClinicianVerifier;
  /** Origins allowed to call the HTTP API from a browser (the workstation). */
  corsOrigins?: readonly string[];
  /** Public URL of this service for patient links; default: the bound address. */
  publicUrl?: string;
  /** ICE servers for a participant (STUN and TURN with per-participant credentials). */
  iceServers?: SignalingNodeOptions['iceServers'];
  /** Media only through TURN: participants never see each other's addresses. */
  relayOnly?: boolean;
  /** Folder with the built patient page (patient.html and its assets). */
  patientPageDir?: string;
  /** The patient's monitoring link (`/companion/…`): how to reach the records as a backend service. */
  companion?: CompanionOptions;
  nodeId?: string;
  log?: (line: string) => void;
}

export interface SignalingServer {
  url: string;
  wsUrl: string;
  nodeId: string;
  node: SignalingNode;
  close(): Promise<void>;
}

const createRoomSchema = z.object({ name: z.string().trim().min(1).max(80).optional() });
const createInviteSchema = z.object({
  role: participantRoleSchema.exclude(['host']),
  ttlMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The patient page talks only to this service (its API and `/ws`). */
const PATIENT_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startSignalingServer(
  options: SignalingServerOptions,
): Promise<SignalingServer> {
  const log = options.log ?? (() => undefined);
  const bus = options.bus ?? new MemoryBus();
  const tickets = new TicketAuthority(options.secret);
  const nodeId = options.nodeId ?? newId(6);
  const node = new SignalingNode({
    bus,
    tickets,
    log,
    ...(options.iceServers ? { iceServers: options.iceServers } : {}),
    ...(options.relayOnly ? { relayOnly: true } : {}),
  });
  const corsOrigins = new Set(options.corsOrigins ?? []);
  let publicUrl = options.publicUrl ?? '';

  function cors(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !corsOrigins.has(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...cors(req),
    });
    res.end(JSON.stringify(body));
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
      chunks.push(chunk);
    }
    if (size === 0) return {};
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
  }

  function bearer(req: IncomingMessage): string {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'missing bearer token');
    return match[1];
  }

  async function hostOf(req: IncomingMessage, roomId: string): Promise<void> {
    try {
      const claims = await tickets.verify(bearer(req));
      if (claims.kind !== 'host' || claims.room !== roomId) {
        throw new HttpError(403, 'only the host of this room can do that');
      }
    } catch (e) {
      if (e instanceof TicketError) throw new HttpError(401, e.message);
      throw e;
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad request');
    }
    return parsed.data;
  }

  /** Only the patient page and its built assets: never the workstation's own pages. */
  async function servePatientPage(res: ServerResponse, pathname: string): Promise<boolean> {
    const dir = options.patientPageDir;
    if (!dir) return false;
    const page = pathname === '/' || pathname === '/patient' ? '/patient.html' : pathname;
    if (page !== '/patient.html' && !/^\/assets\/[A-Za-z0-9._-]+$/.test(page)) return false;
    const file = normalize(join(dir, page));
    if (!file.startsWith(normalize(dir))) return false;
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=()',
        'Content-Security-Policy': PATIENT_PAGE_CSP,
        'Cache-Control': page === '/patient.html' ? 'no-store' : 'public, max-age=300',
      });
      res.end(body);
      return true;
    } catch {
      return false;
    }
  }

  const companion = options.companion
    ? createCompanionRoutes(options.companion, {
        secret: options.secret,
        bus,
        verifyClinician: options.verifyClinician,
        workstationCors: cors,
        publicUrl: () => publicUrl,
        log,
      })
    : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    // Before the generic preflight below: the page's companion calls get no CORS at all.
    if (companion && (await companion.handle(req, res, url))) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors(req));
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      json(req, res, 200, { status: 'ok', node: nodeId, ...node.stats });
      return;
    }
    if (req.method === 'POST' && path === '/api/rooms') {
      let clinician;
      try {
        clinician = await options.verifyClinician(bearer(req));
      } catch (e) {
        if (e instanceof ClinicianAuthError) throw new HttpError(401, e.message);
        throw e;
      }
      const body = parse(createRoomSchema, await readJson(req));
      const roomId = newId();
      const { ticket, expiresAt } = await tickets.issue({
        kind: 'host',
        room: roomId,
        role: 'host',
        sub: clinician.userId,
        ...(body.name ? { name: body.name } : {}),
        ttlSeconds: HOST_TICKET_TTL_SECONDS,
      });
      log(`signaling: room ${roomId} opened by ${clinician.userId}`);
      json(req, res, 201, { roomId, hostTicket: ticket, expiresAt });
      return;
    }
    const invites =
      /^\/api\/rooms\/([A-Za-z0-9_-]{8,64})\/invites(?:\/([A-Za-z0-9_-]{8,64}))?$/.exec(path);
    if (invites?.[1]) {
      const roomId = invites[1];
      const inviteId = invites[2];
      if (req.method === 'POST' && !inviteId) {
        await hostOf(req, roomId);
        const body = parse(createInviteSchema, await readJson(req));
        const issued = await tickets.issue({
          kind: 'invite',
          room: roomId,
          role: body.role,
          ttlSeconds: body.ttlMinutes * 60,
        });
        json(req, res, 201, {
          inviteId: issued.jti,
          role: body.role,
          ticket: issued.ticket,
          // In the fragment: never sent to a server, never in a Referer or an access log.
          url: `${publicUrl}/patient.html#ticket=${issued.ticket}`,
          expiresAt: issued.expiresAt,
        });
        return;
      }
      if (req.method === 'DELETE' && inviteId) {
        await hostOf(req, roomId);
        await bus.setIfAbsent(`revoked:${inviteId}`, 24 * 3600);
        res.writeHead(204, cors(req));
        res.end();
        return;
      }
    }
    if (req.method === 'GET' && (await servePatientPage(res, path))) return;
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) log(`signaling: ${(e as Error).message}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      json(req, res, status, { error: status === 500 ? 'internal error' : (e as Error).message });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/ws') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => node.accept(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  if (!publicUrl) publicUrl = url;

  let closed: Promise<void> | undefined;
  return {
    url,
    wsUrl: `ws://${options.host ?? '127.0.0.1'}:${port}/ws`,
    nodeId,
    node,
    close: () =>
      (closed ??= (async () => {
        await node.close();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (!options.bus) await bus.close();
      })()),
  };
}
