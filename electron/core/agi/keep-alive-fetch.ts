/**
 * The AGI's way to ask the CRM: node:http(s) with kept-alive connections, behind the lookup's
 * FetchLike. The global fetch (undici) cost about 0.45 ms of CPU per lookup here, twice the whole
 * FastAGI session's own cost, which capped validations near 1,500 per CPU second; this costs a
 * fraction of it. It follows up to 5 redirects (http and https only), as the lookup asks, and stops
 * at the lookup's abort signal, or at 1 MiB of answer.
 */
import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../screenpop/lookup.ts';

const MAX_REDIRECTS = 5;
/** The lookup reads at most 64 KiB; past this much the connection is cut rather than read to its end. */
const MAX_BODY_BYTES = 1024 * 1024;
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

export const keepAliveFetch: FetchLike = (url, init) => get(url, init, 0);

function get(url: string, init: Parameters<FetchLike>[1], redirects: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`a redirect to ${target.protocol}`));
    const client = target.protocol === 'https:' ? https : http;
    const request = client.get(target, { agent: AGENTS[target.protocol], headers: init.headers, signal: init.signal }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && init.redirect === 'follow') {
        response.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new Error(`more than ${MAX_REDIRECTS} redirects`));
        return resolve(get(new URL(location, target).href, init, redirects + 1));
      }
      // Read whole, then handed over: a web stream per answer cost more than the rest of the request.
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy(new Error(`an answer longer than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const noBody = status === 204 || status === 304;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status }));
      });
    });
    request.on('error', reject);
  });
}
