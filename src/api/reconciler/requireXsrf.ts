import type { NextFunction, Request, Response } from 'express';
import { KcrError } from '../../errors.js';

/**
 * Writes to the reconciler API (POST, DELETE) need the `kbn-xsrf` header, exactly like the
 * Kibana-compatible routes: one rule for the whole API is easier to get right than two, and a
 * header a browser cannot add to a cross-site form post keeps a page the operator visits from
 * planning, applying or breaking locks on a loopback kcr that runs without auth. CI clients add
 * one header (`kcr --server` does it for them).
 */
export function requireXsrf(req: Request, _res: Response, next: NextFunction): void {
  if (req.headers['kbn-xsrf'] === undefined) {
    next(new KcrError('XSRF_HEADER_MISSING', 'Request must contain a kbn-xsrf header.'));
    return;
  }
  next();
}
