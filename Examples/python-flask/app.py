"""A Flask app served by gunicorn; the python buildpack installs its requirements."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "Hello from Flask on exo!\n"
