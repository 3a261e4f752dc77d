// Create a table
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

public class CreateTableExample {
    public static void main(String[] args) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            CreateTableResponse response = client.createTable(CreateTableRequest.builder()
                    .tableName("Orders")
                    .attributeDefinitions(List.of(AttributeDefinition.builder().attributeName("OrderId").attributeType(ScalarAttributeType.S).build()))
                    .keySchema(List.of(KeySchemaElement.builder().attributeName("OrderId").keyType(KeyType.HASH).build()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .build());
            System.out.println(response.tableDescription().tableName());
        }
    }
}
