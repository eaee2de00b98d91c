import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** One line per entry: `12:00:01.123 INFO: [Context] message` or `… POST /api/v1/users 201 12ms req=<id>`, other fields after it. */
const PRETTY = {
  sync: true,
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context,req,res,responseTime',
  messageFormat: '{if context}[{context}] {end}{if req}{req.method} {req.path} {res.statusCode} {responseTime}ms req={req.id} {end}{msg}',
};

/**
 * Logs with the request id: one JSON object per line in production (LOG_FORMAT=json), readable lines on a
 * developer's machine (LOG_FORMAT=pretty, the default outside production). Both go through the same serializers
 * and redaction, so never logged in either: bodies, query strings, Authorization and Cookie headers — no
 * resident ID number, child's name, password or token reaches the log.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.logLevel,
          genReqId: (req: IncomingMessage) => (req as IncomingMessage & { requestId?: string }).requestId ?? 'unknown',
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: { paths: ['req.headers', 'res.headers', '*.password', '*.idNumber', '*.name', '*.token', '*.accessToken'], remove: true },
        };
        const destination =
          config.logFormat === 'pretty'
            ? pretty({ ...PRETTY, ...(config.logFile ? { destination: config.logFile, mkdir: true, colorize: false } : {}) })
            : config.logFile
              ? pino.destination({ dest: config.logFile, mkdir: true, sync: true })
              : undefined;
        return {
          // Express 5 path syntax for "every route" (the library's default '*' draws a deprecation warning)
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: destination ? [options, destination] : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
