import { Logger } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build:web` puts the console: web/dist of the project (src/infra/http → three levels up; dist/infra/http too). */
export const WEB_CONSOLE_DIR = join(__dirname, '..', '..', '..', 'web', 'dist');

/** Paths the console never answers: the API, its documentation, health and the queue dashboard. */
const RESERVED = /^\/(api|docs|docs-json|health|admin\/queues)(\/|$)/;

/**
 * The console's Content-Security-Policy: its scripts and styles come from this origin only, no inline script
 * (Vite's build has none); Ant Design writes its CSS-in-JS into <style> elements and style attributes, which
 * needs 'unsafe-inline' for styles (styles cannot run code). Nothing may frame it.
 */
const consoleCsp = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * Serves the web console (a single-page app) from `dir` at `/`: its files, and index.html for any other GET that
 * asks for HTML (the app's own routes, e.g. /rosters/2026-03), so a reload or a bookmark works. Never answers a
 * reserved path, nor a request that does not accept HTML (a missing script is a 404, not a page).
 * Hashed files under /assets are cached for a year; index.html and the rest are revalidated on every load.
 */
export function webConsole(dir = WEB_CONSOLE_DIR): RequestHandler {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebConsole').warn(`No web console build in ${dir}: run "npm run build:web" (the API works without it)`);
  }
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, path) => {
      const asset = path.startsWith(join(dir, 'assets'));
      res.setHeader('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (error) => {
      if (error) next();
    });
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    consoleCsp(req, res, () => {
      if (req.path === '/' || req.path === '/index.html') return sendIndex(res, next);
      files(req, res, () => {
        if (!req.headers.accept?.includes('text/html') || !existsSync(index)) return next();
        sendIndex(res, next);
      });
    });
  };
}
