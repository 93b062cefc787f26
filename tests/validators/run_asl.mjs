// Runs ASL definitions in aws-local-stepfunctions against a scripted AWS.
//
// stdin: {"runs": [{"definition": {...}, "input": {...}, "scenario": {...},
//                   "context": {...}}, ...]}
// stdout: {"results": [{"status", "output", "error", "cause", "calls", "entered"}, ...]}
//
// Every Task state (also inside Parallel branches and Map iterators) is
// answered by a taskResourceLocalHandler, so the Task's own Parameters,
// ResultSelector, ResultPath, Retry and Catch stay in force: the handler gets
// the input after Parameters and returns the raw service response. The
// scenario says what each call returns:
//
//   {"states":    {"<state name>": [response, ...]},
//    "resources": {"<service:action>": [response, ...]}}
//
// A state's own list is used before a list for its resource (matched as the
// end of the Resource ARN, e.g. "ssm:sendCommand", "ecs:runTask.sync"); each
// call takes the next response and the last one repeats. A response is
// {"result": <value>} or {"error": "<Name>", "cause": "<text>"} (thrown with
// that name, which Retry and Catch match). A Task with no scripted response
// fails with Harness.Unscripted. Wait states and retry intervals take no time.
//
// aws-local-stepfunctions 3.0.0 declares Node 22; Node 20 lacks only
// Promise.withResolvers, supplied here before the module is imported.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const { StateMachine } = await import("aws-local-stepfunctions");

function collect(states, found) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task") found.tasks.push([name, state.Resource]);
    if (state.Type === "Wait") found.waits.push(name);
    if (state.Retry) found.retries.push(name);
    for (const branch of state.Branches || []) collect(branch.States, found);
    const iterator = state.Iterator || state.ItemProcessor;
    if (iterator) collect(iterator.States, found);
  }
  return found;
}

function scriptedError(name, cause) {
  const error = new Error(cause || name);
  error.name = name;
  return error;
}

async function runOne(request) {
  const { definition, input, scenario = {}, context = {} } = request;
  const found = collect(definition.States, { tasks: [], waits: [], retries: [] });
  const used = {};
  const calls = [];
  const next = (key, list) => {
    const index = used[key] || 0;
    used[key] = index + 1;
    return list[Math.min(index, list.length - 1)];
  };
  const handlers = {};
  for (const [name, resource] of found.tasks) {
    handlers[name] = async (taskInput) => {
      calls.push({ state: name, resource, input: taskInput });
      let response;
      const own = (scenario.states || {})[name];
      if (own && own.length) {
        response = next("state:" + name, own);
      } else {
        for (const [key, list] of Object.entries(scenario.resources || {})) {
          if ((resource === key || resource.endsWith(":" + key)) && list.length) {
            response = next("resource:" + key, list);
            break;
          }
        }
      }
      if (response === undefined) {
        throw scriptedError("Harness.Unscripted", `no scripted response for ${name} (${resource})`);
      }
      if (response.error) throw scriptedError(response.error, response.cause);
      return response.result;
    };
  }
  const zero = (names) => Object.fromEntries(names.map((n) => [n, 0]));
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: true } });
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: zero(found.waits),
      retryIntervalOverrides: zero(found.retries),
    },
    context,
  });
  const entered = [];
  const retried = [];
  const logging = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === "StateEntered") entered.push(event.state.name);
      if (event.type === "StateRetried") retried.push(event.state.name);
    }
  })();
  let result;
  try {
    const output = await execution.result;
    result = { status: "SUCCEEDED", output };
  } catch (error) {
    const cause = error.cause || error;
    result = {
      status: error.name === "ExecutionTimeoutError" ? "TIMED_OUT" : "FAILED",
      error: cause.name,
      cause: cause.message,
    };
  }
  await Promise.race([logging, new Promise((res) => setTimeout(res, 50))]);
  return { ...result, calls, entered, retried };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
const results = [];
for (const run of request.runs) {
  try {
    results.push(await runOne(run));
  } catch (error) {
    results.push({ status: "HARNESS_ERROR", error: error.name, cause: String(error.message) });
  }
}
process.stdout.write(JSON.stringify({ results }));
