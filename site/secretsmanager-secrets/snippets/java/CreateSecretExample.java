// Create a secret
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;

public class CreateSecretExample {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            String secretString = """
            {
              "username": "admin",
              "password": "EXAMPLE-PASSWORD"
            }""";
            CreateSecretResponse response = client.createSecret(CreateSecretRequest.builder()
                    .name("MyDatabaseSecret")
                    .description("Credentials of the orders database")
                    .secretString(secretString)
                    .build());
            System.out.println(response.name());
        }
    }
}
