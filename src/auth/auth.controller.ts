import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context';
import { ApiErrors, ApiOk } from '../infra/http/api-docs';
import { UserView } from '../users/user.view';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginView } from './login.view';
import { ANY_ROLE, Public, Roles } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '当前用户' })
  @ApiOk(UserView)
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
