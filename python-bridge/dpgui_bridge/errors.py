"""The one error type commands raise: a code the app can branch on and a sentence a person can read."""


class BridgeError(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code
        self.message = message
