/**
 * Real AWS texts, one or more per known cause, each as it appears in the public report named beside it (ids
 * and request ids as the reporter left them, redactions included), and where it showed: on a resource of a
 * type and operation, on the stack's own event, or as an API error refusing the request (`api`).
 */
import type { FailureSite } from "../../support/failure-events.js";

export interface Sample {
  cause: string;
  text: string;
  source: string;
  site: FailureSite | "api";
}

const fn = (operation: "create" | "update" = "update"): FailureSite => ({
  resourceType: "AWS::Lambda::Function",
  logicalId: "EngineFunction",
  operation,
});
const on = (
  resourceType: string,
  logicalId: string,
  operation: "create" | "update" | "delete" = "create",
) => ({
  resourceType,
  logicalId,
  operation,
});

export const SAMPLES: Sample[] = [
  // ---- Lambda
  {
    cause: "reserved-concurrency-quota",
    text: 'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 4719094a-f0a2-4164-b8c4-79504bae927f)" (RequestToken: f23707e9-d033-0713-cfc7-bde20b7fc69f, HandlerErrorCode: InvalidRequest)',
    source:
      "https://github.com/aws-samples/amazon-rekognition-serverless-large-scale-image-and-video-processing/issues/6",
    site: fn(),
  },
  {
    cause: "reserved-concurrency-quota",
    text: 'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 2cf9e525-9405-4614-8856-7eb848e31575) (SDK Attempt Count: 1)" (RequestToken: 31669d06-fa9d-ba9f-ce44-a2e5bbfbbfc1, HandlerErrorCode: InvalidRequest)',
    source: "https://github.com/aws-samples/sample-one-click-generative-ai-solutions/issues/3",
    site: fn("create"),
  },
  {
    cause: "reserved-concurrency-quota",
    text: "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10]",
    source: "https://github.com/aws-samples/infrastructure-assessment-iac-automation/issues/2",
    site: fn(),
  },
  {
    cause: "lambda-code-too-large",
    text: 'Resource handler returned message: "Unzipped size must be smaller than 255174947 bytes (Service: Lambda, Status Code: 400, Request ID: 713caf1a-9c3e-40bc-a23c-c2272ecda70c)" (RequestToken: dd2e4d91-9294-4397-c4a6-1ac5e61aaad8, HandlerErrorCode: InvalidRequest)',
    source: "https://github.com/aws-samples/serverless-pdf-chat/issues/51",
    site: fn("create"),
  },
  {
    cause: "lambda-code-too-large",
    text: "RequestEntityTooLargeException: Request must be smaller than 69905067 bytes for the CreateFunction operation",
    source: "https://github.com/motdotla/node-lambda/issues/123",
    site: fn("create"),
  },
  {
    cause: "lambda-env-too-large",
    text: "1 validation error detected: Value 'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.",
    source: "https://github.com/aws-samples/aws-genai-llm-chatbot/issues/583",
    site: fn(),
  },
  {
    cause: "runtime-deprecated",
    text: 'Resource handler returned message: "The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs18.x) while creating or updating functions.',
    source: "https://github.com/pgarbe/cdk-ecr-sync/issues/715",
    site: fn(),
  },
  {
    cause: "runtime-deprecated",
    text: "The runtime parameter of nodejs8.10 is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs12.x) while creating or updating functions. (Service: AWSLambdaInternal; Status Code: 400; Error Code: InvalidParameterValueException; Request ID: e7731446-b205-4398-886a-8b61a1eaada6; Proxy: null)",
    source: "https://github.com/alestic/lambdash/issues/13",
    site: fn("create"),
  },
  {
    cause: "role-not-assumable",
    text: 'Resource handler returned message: "The role defined for the function cannot be assumed by Lambda. (Service: Lambda, Status Code: 400, Request ID: 599fd384-26c2-42ec-a937-b890f6f22c8c)" (RequestToken: f533030b-2cdb-3807-388b-efb80fc469af, HandlerErrorCode: InvalidRequest)',
    source: "https://github.com/anomalyco/sst/issues/2848",
    site: fn("create"),
  },
  {
    cause: "code-object-missing",
    text: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: AWSLambdaInternal; Status Code: 400; Error Code: InvalidParameterValueException; Request ID: 2d31a946-da89-45fc-98b4-93c4bba59a32)",
    source: "https://github.com/asishrs/smartthings-ringalarmv2/issues/48",
    site: fn("create"),
  },
  {
    cause: "code-object-missing",
    text: 'Resource handler returned message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda, Status Code: 400, Request ID: ad9bb8d6-5c12-432e-8438-8584ce7c9024)" (RequestToken: fe23dc9c-f282-baaf-a281-8b99d4caf956, HandlerErrorCode: InvalidRequest)',
    source: "https://github.com/aws-samples/aws-account-vending-machine/issues/23",
    site: fn(),
  },
  {
    cause: "code-bucket-wrong-region",
    text: "Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: us-east-1. Please use this region to retry the request (Service: AWSLambdaInternal; Status Code: 400; Error Code: InvalidParameterValueException; Request ID: 4deba866-40a6-40b8-9a10-612291cf533e)",
    source: "https://github.com/aws-samples/aws-codepipeline-bitbucket-integration/issues/7",
    site: fn("create"),
  },
  {
    cause: "lambda-update-in-progress",
    text: "Received response status [FAILED] from custom resource. Message returned: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:xxx:function:xxxLogs: https://sa-east-1.console.aws.amazon.com/cloudwatch/homeevents/ (RequestId: xxx)",
    source: "https://github.com/anomalyco/sst/issues/3898",
    site: on("Custom::SSTEdgeLambdaVersion", "EdgeLambdaVersion"),
  },
  {
    cause: "lambda-version-exists",
    text: "A version for this Lambda function exists ( 2 ). Modify the function to create a new version.",
    source: "https://github.com/service-cloud-voice/ServiceCloudVoiceLambdas/issues/30",
    site: on("AWS::Lambda::Version", "EngineVersion"),
  },
  {
    cause: "lambda-alias-exists",
    text: "An error occurred (ResourceConflictException) when calling the CreateAlias operation: Alias already exists: arn:aws:lambda:us-east-1:861229788715:function:dss-visitation-staging:domovoi-stepfunctions-task-Initialize11",
    source: "https://github.com/HumanCellAtlas/data-store/issues/929",
    site: on("AWS::Lambda::Alias", "EngineLiveAlias"),
  },
  {
    cause: "lambda-target-not-found",
    text: "Function not found: arn:aws:lambda:us-east-1:012345678912:function:forecast-lambda-MyFunction-bGy4dzoSPKrO:1 (Service: AWSLambdaInternal; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: f433cdc2-199c-4542-a937-2baf25eb9c6f; Proxy: null)",
    source: "https://github.com/aws-cloudformation/rain/issues/175",
    site: on("AWS::Lambda::Alias", "EngineLiveAlias"),
  },
  {
    cause: "lambda-destination-permission",
    text: "The provided execution role does not have permissions to call Publish on SNS.",
    source: "https://github.com/serverless/serverless/issues/4770",
    site: on("AWS::Lambda::EventInvokeConfig", "EngineAsyncConfig"),
  },
  {
    cause: "lambda-permission-exists",
    text: "ResourceConflictException: The statement id (AllowExecutionFromSNS) provided already exists. Please provide a new statement id, or remove the existing statement.",
    source: "https://github.com/hashicorp/terraform-provider-aws/issues/3312",
    site: on("AWS::Lambda::Permission", "EngineInvokePermission"),
  },
  // ---- S3 and Logs
  {
    cause: "bucket-exists",
    text: "api-portal-code already exists",
    source: "https://github.com/awslabs/aws-api-gateway-developer-portal/issues/543",
    site: on("AWS::S3::Bucket", "DataBucket"),
  },
  {
    cause: "bucket-not-empty",
    text: "The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 13B5WKE8TCT9VS8K; S3 Extended Request ID: /7/TL8ibQg7kBnNvHowx/D81U0VISP2NwXFUmne62ZBh4ahsFgTHqnUYHyZRNGnuShor+HdGMQ8=; Proxy: null)",
    source: "https://github.com/aws/aws-cdk/issues/21776",
    site: on("AWS::S3::Bucket", "LogBucket", "delete"),
  },
  {
    cause: "bucket-invalid-name",
    text: "Bucket name should not contain uppercase characters",
    source: "https://github.com/Hubs-Foundation/hubs-cloud/issues/13",
    site: on("AWS::S3::Bucket", "DataBucket"),
  },
  {
    cause: "bucket-invalid-name",
    text: "An error occurred (InvalidBucketName) when calling the CreateBucket operation: The specified bucket is not valid.",
    source: "https://github.com/chenr2/AWS-SAM-Tutorial/issues/2",
    site: on("AWS::S3::Bucket", "DataBucket"),
  },
  {
    cause: "bucket-policy-malformed",
    text: "An error occurred (MalformedPolicy) when calling the PutBucketPolicy operation: Policy has invalid resource",
    source: "https://github.com/aws-samples/aws-serverless-appsync-app/issues/4",
    site: on("AWS::S3::BucketPolicy", "DataBucketPolicy", "update"),
  },
  {
    cause: "log-group-exists",
    text: 'Resource handler returned message: "Resource of type \'AWS::Logs::LogGroup\' with identifier \'{"/properties/LogGroupName":"/aws/lambda/iantest-v2sol-AnonymousDataCustomResource-GeGYyD40GciG"}\' already exists." (RequestToken: 258db5a1-23c6-5e4b-4d23-7a469fc2de96, HandlerErrorCode: AlreadyExists)',
    source: "https://github.com/aws-solutions/amazon-marketing-cloud-uploader-from-aws/issues/167",
    site: on("AWS::Logs::LogGroup", "EngineLogGroup"),
  },
  {
    cause: "log-group-exists",
    text: "/aws/lambda/development-get-stat  already exists in stack  arn:aws:cloudformation:us-east-1:1:stack/alertgraph-development/1-4846-11e8-9f74-1",
    source: "https://github.com/serverless/serverless/issues/3237",
    site: on("AWS::Logs::LogGroup", "EngineLogGroup"),
  },
  {
    cause: "resource-already-exists",
    text: 'Resource handler returned message: "Resource of type \'AWS::Logs::LogGroup\' with identifier \'{"/properties/LogGroupName":"xxx"}\' already exists."',
    source: "https://github.com/serverless/serverless/issues/12312",
    // The generic phrasing, on a type no specific cause claims.
    site: on("AWS::SQS::Queue", "DeadLetterQueue"),
  },
  // ---- IAM, permissions, capabilities
  {
    cause: "iam-invalid-principal",
    text: 'Invalid principal in policy: "SERVICE":"ssm.us-east-1.amazonaws.com" (Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; Request ID: 07c942b5-8982-4867-974c-239f3bb48dff; Proxy: null)',
    source: "https://github.com/aws/aws-cdk/issues/16188",
    site: on("AWS::IAM::Role", "EngineRole", "update"),
  },
  {
    cause: "iam-invalid-principal",
    text: "Error putting S3 policy: MalformedPolicy: Invalid principal in policy",
    source: "https://github.com/ministryofjustice/modernisation-platform-environments/pull/590",
    site: on("AWS::S3::BucketPolicy", "DataBucketPolicy", "update"),
  },
  {
    cause: "iam-prohibited-field",
    text: "An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Has prohibited field Resource",
    source: "https://github.com/devopsacademyau/academy/pull/1368",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "iam-malformed-policy",
    text: "Policy statement must contain resources. (Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; Request ID:redacted ; Proxy: null)",
    source: "https://github.com/aws-samples/aws-health-aware/issues/1",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "iam-malformed-policy",
    text: "An error occurred (MalformedPolicyDocument) when calling the CreatePolicy operation: Syntax errors in policy.",
    source: "https://github.com/99designs/iamy/issues/74",
    site: on("AWS::IAM::ManagedPolicy", "DeployPolicy"),
  },
  {
    cause: "iam-malformed-policy",
    text: "creating inline policy (logs): MalformedPolicyDocument: The policy failed legacy parsing",
    source: "https://github.com/amancevice/terraform-aws-custom-ecr-domain/issues/2",
    site: on("AWS::IAM::Role", "EngineRole", "update"),
  },
  {
    cause: "iam-malformed-policy",
    text: 'Resource **** must be in ARN format or "*". (Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; Request ID: ******)',
    source: "https://github.com/CloudSnorkel/CloudWatch2S3/issues/1",
    site: on("AWS::IAM::Policy", "EnginePolicy"),
  },
  {
    cause: "iam-entity-exists",
    text: "EntityAlreadyExists: Role with name examplexx-dev-worker_impacts_closest_match already exists.",
    source: "https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/363",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "iam-entity-exists",
    text: "ecsTaskExecutionRole already exists",
    source: "https://github.com/aws-samples/dataops-platform-airflow-dbt/issues/1",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "iam-limit",
    text: 'Resource handler returned message: "Cannot exceed quota for PoliciesPerRole: 10 (Service: Iam, Status Code: 409, Request ID: a42eda91-33d6-4a53-976c-2948b84c77b5) (SDK Attempt Count: 1)" (RequestToken: a6dcd513-5b40-32ea-cd39-c272e6373ac5, HandlerErrorCode: ServiceLimitExceeded)',
    source: "https://github.com/aws/eks-hybrid/pull/741",
    site: on("AWS::IAM::Role", "EngineRole", "update"),
  },
  {
    cause: "oidc-provider-exists",
    text: "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.",
    source: "https://github.com/unfunco/terraform-aws-oidc-github/pull/4",
    site: on("AWS::IAM::OIDCProvider", "GitHubOidcProvider"),
  },
  {
    cause: "not-authorized",
    text: 'Resource handler returned message: "User: arn:aws:iam::341538367464:user/matt is not authorized to perform: iam:GetRole on resource: role cdk-hnb659fds-image-publishing-role-341538367464-eu-west-2 because no identity-based policy allows the iam:GetRole action (Service: Iam, Status Code: 403, Request ID: 2014b22d-8e58-43c3-82d0-4fe2a2f66841)" (RequestToken: 97cd1be4-fb19-c351-1288-81b9dc831d27, HandlerErrorCode: AccessDenied)',
    source: "https://github.com/aws/aws-cdk/issues/27067",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "not-authorized",
    text: "API: iam:CreateRole User: arn:aws:sts::xxxxxx:assumed-role/Owner/myemail@domain.com is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::xxxxxx:role/serverlessrepo-aws-lambda-power-tunin-analyzerRole-30U2WSAK4KID with an explicit deny",
    source: "https://github.com/alexcasalboni/aws-lambda-power-tuning/issues/154",
    site: on("AWS::IAM::Role", "EngineRole"),
  },
  {
    cause: "missing-capabilities",
    text: "InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_NAMED_IAM]",
    source: "https://github.com/envato/stack_master/issues/138",
    site: "api",
  },
  {
    cause: "cfn-service-role-invalid",
    text: "Role arn:aws:iam::721762887512:role/codedeploy is invalid or cannot be assumed (Service: AmazonCloudFormation; Status Code: 400; Error Code: ValidationError; Request ID: 330e47b1-6a29-4df6-93e5-75b60c388c97; Proxy: null)",
    source: "https://github.com/awslabs/aws-sam-codepipeline-cd/issues/22",
    site: "api",
  },
  // ---- Step Functions, EventBridge, Scheduler, SNS, CloudWatch, SES
  {
    cause: "states-definition-invalid",
    text: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /, SCHEMA_VALIDATION_FAILED: Field 'Fn::Sub' is not supported at /' (Service: AWSStepFunctions; Status Code: 400; Error Code: InvalidDefinition; Request ID: be316435-9d16-11e9-b259-cfd447cf8c59)",
    source: "https://github.com/cloudtools/troposphere/issues/1450",
    site: on("AWS::StepFunctions::StateMachine", "WeeklyStateMachine"),
  },
  {
    cause: "states-definition-invalid",
    text: 'Resource handler returned message: "Invalid State Machine Definition: \'MISSING_TRANSITION_TARGET: State "Unreachable pass" is not reachable. at /States/Unreachable pass\' (Service: Sfn,',
    source: "https://github.com/aws-cloudformation/cfn-lint/issues/4073",
    site: on("AWS::StepFunctions::StateMachine", "WeeklyStateMachine", "update"),
  },
  {
    cause: "states-role-not-authorized",
    text: "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
    source: "https://github.com/lumigo-io/lumigo-CLI/issues/83",
    site: on("AWS::StepFunctions::StateMachine", "WeeklyStateMachine"),
  },
  {
    cause: "states-role-not-authorized",
    text: "The principal states.amazonaws.com is not authorized to assume the provided role.",
    source: "https://github.com/Motiva-AI/stepwise/pull/22",
    site: on("AWS::StepFunctions::StateMachine", "WeeklyStateMachine"),
  },
  {
    cause: "scheduler-role-not-assumable",
    text: "ValidationException: The execution role you provide must allow AWS EventBridge Scheduler to assume the role.",
    source: "https://github.com/aws/aws-sdk-js-v3/issues/6494",
    site: on("AWS::Scheduler::Schedule", "WeeklySchedule"),
  },
  {
    cause: "schedule-expression-invalid",
    text: "Parameter ScheduleExpression is not valid. (Service: AmazonCloudWatchEvents; Status Code: 400; Error Code: ValidationException; Request ID: 75a4c102-bd04-4c80-aafc-2cb6523135e7; Proxy: null)",
    source: "https://github.com/aws-amplify/amplify-hosting/issues/1357",
    site: on("AWS::Events::Rule", "WeeklyRule"),
  },
  {
    cause: "schedule-expression-invalid",
    text: "ValidationException: Invalid Schedule Expression cron(0 6 * * MON *)",
    source: "https://github.com/localstack/localstack/issues/9284",
    site: on("AWS::Scheduler::Schedule", "WeeklySchedule"),
  },
  {
    cause: "schedule-expression-invalid",
    text: "Parameter(s) EventPattern or ScheduleExpression must be specified. (Service: AmazonCloudWatchEvents; Status Code: 400; Error Code: ValidationException; Request ID: REDACTED)",
    source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/456",
    site: on("AWS::Events::Rule", "WeeklyRule"),
  },
  {
    cause: "events-target-invalid",
    text: "RoleArn is required for target arn:aws:codebuild:af-south-1:00000000:project/codebuild-project-1. (Service: AmazonCloudWatchEvents; Status Code: 400; Error Code: ValidationException; Request ID: XXXXXX-XXXX-XXXX-XXXX-XXXXXXXX; Proxy: null)",
    source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/1178",
    site: on("AWS::Events::Rule", "WeeklyRule", "update"),
  },
  {
    cause: "events-target-invalid",
    text: "iam is not a supported service for a target. (Service: EventBridge, Status Code: 400, Request ID: 9...f) (SDK Attempt Count: 1)",
    source: "https://github.com/aws-cloudformation/cfn-lint/issues/4505",
    site: on("AWS::Events::Rule", "WeeklyRule"),
  },
  {
    cause: "events-target-invalid",
    text: "Input for target LogGroupTarget is not a valid JSON text.",
    source: "https://github.com/awsdocs/aws-cloudformation-user-guide/issues/1010",
    site: on("AWS::Events::Rule", "WeeklyRule"),
  },
  {
    cause: "sns-topic-policy-invalid",
    text: "Invalid parameter: Policy Error: null (Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: 38a567df-2cff-50bf-8f0e-33a91775cc6e)",
    source: "https://github.com/serverless/serverless/issues/5519",
    site: on("AWS::SNS::TopicPolicy", "AlertsTopicPolicy"),
  },
  {
    cause: "sns-topic-policy-invalid",
    text: "InvalidParameter: Invalid parameter: Policy statement action out of service scope!",
    source: "https://github.com/hashicorp/terraform/issues/12740",
    site: on("AWS::SNS::TopicPolicy", "AlertsTopicPolicy", "update"),
  },
  {
    cause: "sns-topic-tags-conflict",
    text: "Invalid parameter: Tags Reason: Topic already exists with different tags",
    source: "https://github.com/localstack/localstack/issues/2405",
    site: on("AWS::SNS::Topic", "AlertsTopic"),
  },
  {
    cause: "alarm-period-invalid",
    text: "Period must be 10, 30 or a multiple of 60 (Service: AmazonCloudWatch; Status Code: 400; Error Code: ValidationError; Request ID: [Request ID])",
    source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/777",
    site: on("AWS::CloudWatch::Alarm", "EngineErrorsAlarm"),
  },
  {
    cause: "alarm-period-invalid",
    text: "Period must not be null (Service: CloudWatch, Status Code: 400)",
    source: "https://github.com/RoboFinSystems/robosystems/pull/1129",
    site: on("AWS::CloudWatch::Alarm", "EngineErrorsAlarm"),
  },
  {
    cause: "ses-identity-not-verified",
    text: 'Error in sendVerificationEmail: MessageRejected: Email address is not verified. The following identities failed the check in region US-WEST-2: tanzeelrana@cmail.carleotn.ca, tanzeelrana@cmail.carleton.ca" }',
    source: "https://github.com/danilop/LambdAuth/issues/64",
    // Seen by a custom resource that sends a test mail at deploy time.
    site: on("Custom::SesTestEmail", "NewsletterTestEmail"),
  },
  // ---- Stack-level and API refusals
  {
    cause: "export-in-use",
    text: "Export core-production:HostedZone cannot be deleted as it is in use by core-production-api-gateway",
    source: "https://github.com/convox/rack/issues/2410",
    site: { stackOperation: "update" },
  },
  {
    cause: "import-value-missing",
    text: "No export named production:ECSTaskExecutionRole found. Rollback requested by user.",
    source: "https://github.com/aws-cloudformation/aws-cloudformation-templates/issues/263",
    site: { stackOperation: "update" },
  },
  {
    cause: "stack-update-rollback-failed",
    text: "Stack:arn:aws:cloudformation:us-east-1:473356752602:stack/modernapp-20190222141121/a3ea3540-36d5-11e9-8a22-121328bc7b22 is in UPDATE_ROLLBACK_FAILED state and can not be updated.",
    source: "https://github.com/aws-amplify/amplify-cli/issues/1364",
    site: "api",
  },
  {
    cause: "stack-rollback-complete",
    text: "Stack:arn:aws:cloudformation:us-east-1:381453774438:stack/xxx-api-live/xxx is in ROLLBACK_COMPLETE state and can not be updated.",
    source: "https://github.com/serverless/serverless/issues/5630",
    site: "api",
  },
  {
    cause: "stack-busy",
    text: "An error occurred (ValidationError) when calling the UpdateStack operation: Stack:arn:aws:cloudformation:***:***:stack/aws101-application-parent/860672b0-c3c3-11ea-9df5-0a1a4d297742 is in UPDATE_IN_PROGRESS state and can not be updated.",
    source: "https://github.com/stratospheric-dev/stratospheric/issues/21",
    site: "api",
  },
  {
    cause: "parameters-without-values",
    text: "An error occurred (ValidationError) when calling the CreateChangeSet operation: Parameters: [TableNameParameter] must have values",
    source: "https://github.com/aws/serverless-application-model/issues/1107",
    site: "api",
  },
  {
    cause: "unresolved-dependencies",
    text: "An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error: Unresolved resource dependencies [CodeBuildEvent] in the Resources block of the template",
    source: "https://github.com/galaxy4public/aws-cloudformation-badges/issues/4",
    site: "api",
  },
  {
    cause: "template-format-error",
    text: "An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error: YAML not well-formed. (line 86, column 23)",
    source: "https://github.com/aws/aws-cli/issues/4956",
    site: "api",
  },
  {
    cause: "no-updates",
    text: "An error occurred (ValidationError) when calling the UpdateStack operation: No updates are to be performed.",
    source: "https://github.com/Sceptre/sceptre/issues/579",
    site: "api",
  },
  {
    cause: "no-updates",
    text: "The submitted information didn't contain changes. Submit different information to create a change set.",
    source: "https://github.com/aws-cloudformation/rain/issues/94",
    site: "api",
  },
  {
    cause: "rate-exceeded",
    text: "Rate exceeded for operation 'Rate exceeded (Service: Lambda, Status Code: 429, Request ID: 2d5768a1-1dcc-42eb-9d7d-e3290f10f4ed, Extended Request ID: null)'.",
    source: "https://github.com/aws/aws-cdk/issues/9882",
    site: on("AWS::Lambda::EventSourceMapping", "QueueMapping"),
  },
  {
    cause: "properties-invalid",
    text: "Properties validation failed for resource AirflowMWAA with message:\n#/SourceBucketArn: failed validation constraint for keyword [pattern]",
    source: "https://github.com/aws-cloudformation/cloudformation-resource-schema/issues/114",
    site: on("AWS::MWAA::Environment", "AirflowMWAA"),
  },
  {
    cause: "properties-invalid",
    text: "Model validation failed (#/EventSourceArn: failed validation constraint for keyword [pattern])",
    source: "https://github.com/aws/serverless-application-model/issues/1699",
    site: on("AWS::Lambda::EventSourceMapping", "QueueMapping"),
  },
  {
    cause: "properties-invalid",
    text: "Property validation failure: [Encountered unsupported properties in {/}: [Username]]",
    source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/269",
    site: on("AWS::IAM::User", "DeployUser"),
  },
];
