import { UserView } from '../users/user.view';

export class LoginView {
  /** send it as `Authorization: Bearer <accessToken>`; valid for JWT_TTL_SECONDS */
  accessToken: string;
  user: UserView;
}
