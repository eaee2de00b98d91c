import { Controller, Delete, Get, Inject, Ip, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BadRequestError } from '../common/errors';
import type { Actor } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { ApiErrors, ApiOk } from '../infra/http/api-docs';
import { UserView } from '../users/user.view';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { ConsoleSessionDto } from './dto/session.dto';
import { LoginView } from './login.view';
import { ANY_ROLE, Public, Roles } from './roles.decorator';
import { clearSessionCookies, readCookie, SESSION_COOKIE, setCsrfCookie, setSessionCookies } from './session-cookies';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '登录',
    description:
      '`{ accessToken, user }`; 401 on bad credentials; 429 (with Retry-After) once the failed sign-ins of the username or of the client address reach their limit. Correct sign-ins never count.',
  })
  @ApiOk(LoginView)
  @ApiErrors({ 401: ['INVALID_CREDENTIALS'], 429: ['RATE_LIMITED'] })
  login(@Body() body: LoginDto, @Ip() address: string) {
    return this.auth.login(body.username, body.password, address);
  }

  /**
   * The web console's sign-in: sets the httpOnly, SameSite=Strict session cookie `childcare_session` (Secure in
   * production) and the `XSRF-TOKEN` cookie, whose value every unsafe request of the session must echo in the
   * `X-XSRF-TOKEN` header (else 403 CSRF_TOKEN_INVALID). Answers `{ user, csrfToken, expiresAt }`; no token for
   * scripts to keep. JSON bodies only (415 otherwise), so no other site's form can sign a browser in.
   * Same credentials, failed-sign-in limit and 401 as /auth/login.
   */
  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '网页控制台登录（设置会话 Cookie 与 XSRF-TOKEN）' })
  @ApiOk(ConsoleSessionDto)
  @ApiErrors({ 401: ['INVALID_CREDENTIALS'], 415: ['UNSUPPORTED_MEDIA_TYPE'], 429: ['RATE_LIMITED'] })
  async startSession(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: LoginDto): Promise<ConsoleSessionDto> {
    if (!req.is('application/json')) {
      throw new UnsupportedMediaTypeException({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the credentials as application/json' });
    }
    const { session, user } = await this.auth.startSession(body.username, body.password, req.ip ?? '');
    setSessionCookies(res, session, this.config.session.secureCookie);
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  /** The console session of the cookie: `{ user, csrfToken, expiresAt }` (re-sets the XSRF-TOKEN cookie); 401 when it has ended. */
  @Get('session')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '当前控制台会话（重新下发 XSRF-TOKEN）' })
  @ApiOk(ConsoleSessionDto)
  @ApiErrors({ 400: ['NO_SESSION'] })
  async currentSession(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<ConsoleSessionDto> {
    const token = readCookie(req, SESSION_COOKIE);
    const session = req.consoleSession;
    if (!session || !token) throw new BadRequestError('NO_SESSION', 'Signed in with a bearer token: there is no console session');
    const csrfToken = this.sessions.csrfTokenFor(token);
    setCsrfCookie(res, csrfToken, session.expiresAt, this.config.session.secureCookie);
    return { user: await this.auth.me(req.actor!.id), csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  /** Sign-out: revokes this console session on the server and clears its cookies (204). Needs the CSRF token like every unsafe request. */
  @Delete('session')
  @HttpCode(204)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '退出控制台（吊销本会话）' })
  @ApiNoContentResponse({ description: '会话已吊销' })
  @ApiErrors({ 400: ['NO_SESSION'] })
  async endSession(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (!req.consoleSession) throw new BadRequestError('NO_SESSION', 'Signed in with a bearer token: there is no console session to end');
    await this.sessions.end(req.consoleSession.id);
    clearSessionCookies(res, this.config.session.secureCookie);
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '当前用户' })
  @ApiOk(UserView)
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
