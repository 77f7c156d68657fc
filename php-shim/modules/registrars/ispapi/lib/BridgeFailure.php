<?php
/**
 * A failure whose message is already safe to show an admin (built by Errors: plain text, no secrets,
 * ends with the request reference). Anything else thrown inside a call is replaced by a generic text.
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class BridgeFailure extends \RuntimeException
{
}
