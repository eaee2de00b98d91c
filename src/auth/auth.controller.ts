import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/request-context';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { ANY_ROLE, Public, Roles } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `{ accessToken, user }`; 401 on bad credentials; 429 (with Retry-After) once the failed sign-ins of the
   * username or of the client address reach their limit. Correct sign-ins never count.
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() body: LoginDto, @Ip() address: string) {
    return this.auth.login(body.username, body.password, address);
  }

  @Get('me')
  @ApiBearerAuth()
  @Roles(...ANY_ROLE)
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
